"""Building: the rungs and their answers, the entity spec and the names it refuses, rendering the reference apps,
the JavaScript lockfiles, a generated project's virtual environment, the demo, and cutting a release."""
