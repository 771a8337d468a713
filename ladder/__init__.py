"""Stack Ladder's own tooling: entity-spec access, rendering, smoke runners and checks used by noxfile.py."""
