"""brinkwatch.resolve"""
