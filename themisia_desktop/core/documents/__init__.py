"""Documents of a matter or a contact: files attached by hand and documents generated from
.docx templates with merge fields.

* :mod:`.store` keeps the files in the firm's document store and their rows in the base;
* :mod:`.merge_fields` lists the fields a template may use and builds them for a matter;
* :mod:`.templates` lists the default templates and the firm's own, and checks what they use;
* :mod:`.generate` renders a template in a sandbox and stores the result.
"""
