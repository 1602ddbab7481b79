"""Reading entry files: safe YAML, the values people write, and files to entries."""
