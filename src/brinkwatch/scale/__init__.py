"""brinkwatch.scale"""
