"""Transform stage: printed cells to canonical long facts, with their checks."""
