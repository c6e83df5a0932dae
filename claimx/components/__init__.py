"""The registered spaCy components of claimx, each a thin wrapper around the rules."""
