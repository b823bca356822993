"""Reference data of ogi-warehouse (vocabulary, markers, divisions …), installed as package data."""
