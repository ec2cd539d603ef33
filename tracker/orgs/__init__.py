"""Organisation registry (ROR + curated labs) and the affiliation-string matcher."""
