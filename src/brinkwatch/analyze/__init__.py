"""brinkwatch.analyze"""
