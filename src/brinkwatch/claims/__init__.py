"""brinkwatch.claims"""
