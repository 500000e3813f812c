"""Documents in place: page images and extracted text of evidence revisions (issue 11 item 2)."""
