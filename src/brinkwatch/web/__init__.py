"""brinkwatch.web"""
