"""Extract stage: find report PDFs, read their text layer and their ruled tables."""
