"""The attribution rules: quotations, cues, sources and their assembly into claims."""
