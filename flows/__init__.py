"""Flows: the Prefect batch flow, the loader and the command line."""
