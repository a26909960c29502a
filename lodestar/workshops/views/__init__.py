"""Workshop pages, one module per journey. Thin: read through scoped querysets, write through ``actions``.

Anything the user cannot see is a 404; a page they can see but an operation their role does
not allow (a contributor curating, say) is a 403. ``common`` holds the shared look-ups.
"""
