"""Building: the rungs and their answers, the entity spec, rendering the reference apps, the JavaScript
lockfiles, a generated project's virtual environment, and the demo."""
