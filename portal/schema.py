"""The OpenAPI schema's shared parts: the error answers every read can give, and the schema view.

Every operation can answer 400 (a filter or page parameter it cannot use), 404 (no such
record or page), 406 (a format it does not serve) and 429 (the rate limit), in JSON or,
with ?format=csv, in CSV; the schema says so, so that clients (and schemathesis) can rely
on it. The schema view names its file with an RFC 6266 `filename*`, as the title is Korean.
"""

from django.utils.http import content_disposition_header
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView

FIELD_ERRORS = {
    "type": "object",
    "description": "쓸 수 없는 매개변수마다 그 이유 목록",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
DETAIL = {
    "type": "object",
    "description": "오류 설명",
    "properties": {"detail": {"type": "string", "description": "무엇이 잘못되었는지"}},
    "required": ["detail"],
}
ERRORS = {
    "400": ("요청 매개변수(필터·정렬·쪽)를 쓸 수 없음", {"oneOf": [FIELD_ERRORS, DETAIL]}),
    "404": ("해당 항목이나 쪽이 없음", DETAIL),
    "406": ("요청한 형식을 제공하지 않음", DETAIL),
    "429": ("요청이 너무 잦음(Retry-After 초 뒤에 다시)", DETAIL),
}
CSV = {"schema": {"type": "string", "description": "CSV(UTF-8, BOM)"}}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the error answers to every operation."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for status, (description, schema) in ERRORS.items():
                responses.setdefault(
                    status,
                    {"description": description, "content": {"application/json": {"schema": schema}, "text/csv": CSV}},
                )
    return result


class SchemaView(SpectacularAPIView):
    """The OpenAPI document, its Korean file name given as RFC 6266 `filename*`."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        """The schema, with a well-formed Content-Disposition."""
        response = super().get(request, *args, **kwargs)
        suffix = self.perform_content_negotiation(request, force=True)[0].format
        filename = f"{spectacular_settings.TITLE or 'schema'}.{suffix}"
        response.headers["Content-Disposition"] = content_disposition_header(False, filename)
        return response
