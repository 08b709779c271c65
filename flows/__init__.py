"""Prefect flows: thin wiring of pipeline/ and nlp/ functions. The only package that imports prefect."""
