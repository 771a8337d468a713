"""The CSV upload form of an import: the file is checked here, so that a job only starts on a usable file."""

import csv
import io
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from . import csvfiles
from .registry import Entity


def max_upload_size() -> int:
    """Largest accepted upload in bytes: settings.JOB_IMPORT_MAX_BYTES, 10 MB unless set."""
    return int(getattr(settings, "JOB_IMPORT_MAX_BYTES", 10 * 1024 * 1024))


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,text/csv"}),
    )

    def __init__(self, *args: Any, entity: Entity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entity = entity
        columns = ", ".join(entity.form_class.base_fields)
        self.fields["file"].help_text = (
            f"UTF-8 CSV, at most {filesizeformat(max_upload_size())}. The first row names the columns ({columns}), "
            f"as /{entity.plural}/export.csv writes them; its id column, if any, is ignored."
        )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError("Choose a .csv file (comma-separated values).")
        if (upload.size or 0) > max_upload_size():
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; the limit is {filesizeformat(max_upload_size())}."
            )
        raw = upload.read()
        upload.seek(0)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                f"The file is not UTF-8 text (byte {error.start}): save it as “CSV UTF-8” and try again."
            ) from error
        try:
            rows = csv.reader(io.StringIO(text, newline=""))
            problem = csvfiles.header_problem(self.entity, next(rows, None))
            has_rows = any(any(value.strip() for value in row) for row in rows)
        except csv.Error as error:
            raise forms.ValidationError(f"The file is not valid CSV: {error}.") from error
        if problem:
            raise forms.ValidationError(problem)
        if not has_rows:
            raise forms.ValidationError("The file has a header row but no rows to import.")
        return upload
