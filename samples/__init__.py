"""Writers of invented sample documents (file names carry the sample_ prefix)."""
