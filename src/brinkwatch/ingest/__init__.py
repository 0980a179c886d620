"""brinkwatch.ingest"""
