"""The one error shape of the JSON API.

Every API error, whatever raised it (a bad parameter, an unknown id, a wrong method, a missing
token, a request too large, a bug), is answered as::

    {"error": {"status": 400, "code": "invalid_parameter", "message": "...", "parameter": "limit"}}

``parameter`` is present only when one query parameter is at fault.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse

CODES = {
    400: "invalid_parameter",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    414: "uri_too_long",
    500: "internal_error",
}

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message"],
            "additionalProperties": False,
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "parameter": {"type": "string"},
            },
        }
    },
}


class ApiError(Exception):
    """An error to answer with :func:`error_response`."""

    def __init__(self, status: int, message: str, *, parameter: str | None = None,
                 code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameter = parameter
        self.code = code or CODES.get(status, "error")


def error_body(status: int, message: str, *, parameter: str | None = None,
               code: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "code": code or CODES.get(status, "error"),
                            "message": message}
    if parameter is not None:
        body["parameter"] = parameter
    return {"error": body}


def error_response(status: int, message: str, *, parameter: str | None = None,
                   code: str | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, parameter=parameter, code=code),
                        status_code=status, headers=headers)
