"""SQL of ogi-warehouse (migrations, views, saved queries), installed as package data."""
