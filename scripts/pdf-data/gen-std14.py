#!/usr/bin/env python3
"""Writes src/ingest/pdf/std14.rs: printable-ASCII advance widths of the standard-14
fonts Helvetica, Helvetica-Bold, Times-Roman and Times-Bold (Adobe Core14 AFM data as
reportlab ships it). Needs: pip install reportlab==5.1.0"""
from reportlab.pdfbase import pdfmetrics

out = ["//! Advance widths (thousandths of an em) of the standard-14 fonts' printable ASCII",
       "//! (codes 32–126), for simple fonts that list no /Widths. From the Adobe Core14 AFM",
       "//! metrics as reportlab 5.1 ships them (scripts/pdf-data/gen-std14.py).", ""]
for name, const in [("Helvetica", "HELVETICA"), ("Helvetica-Bold", "HELVETICA_BOLD"),
                    ("Times-Roman", "TIMES"), ("Times-Bold", "TIMES_BOLD")]:
    ws = [int(pdfmetrics.stringWidth(chr(c), name, 1000)) for c in range(32, 127)]
    out.append(f"pub const {const}: [u16; 95] = [")
    for i in range(0, 95, 16):
        out.append("    " + ", ".join(str(w) for w in ws[i:i + 16]) + ",")
    out.append("];")
    out.append("")
open("src/ingest/pdf/std14.rs", "w").write("\n".join(out))
