"""brinkwatch.store"""
