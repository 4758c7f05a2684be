"""The actor registry: organisations, workplaces, segments and delimitation decisions."""
