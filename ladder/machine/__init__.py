"""This machine's own preparation, kept apart from the checks: the locally made base images that the podman
mode builds on (debootstrap plus podman's image store), where no registry of container images can be reached."""
