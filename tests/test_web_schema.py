"""The API fuzzed from its own OpenAPI schema (schemathesis, in process against the ASGI app
through Starlette's TestClient, no network): whatever the generated parameters and bodies, no
answer is a server error. Requests carry an admin token, so writes reach the handlers instead
of stopping at 401.

The schema is taken from an app over an empty home at import time (it does not depend on
the data); the requests go to an app over a home with real records. (schemathesis's lazy
`from_fixture` does not work with pytest 9.)"""

import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from chidao.config import Config
from chidao.web import create_app
from tests.web_support import WebHome, make_client, web_template  # noqa: F401

MAX_EXAMPLES = 25   # per operation: about 30 s for the whole API


def _openapi() -> dict:
    with tempfile.TemporaryDirectory(prefix="chidao-schema-") as home:
        app = create_app(Config(home=Path(home)), secret="schema")
        try:
            return app.openapi()
        finally:
            app.state.web.close()


schema = schemathesis.openapi.from_dict(_openapi())
# Valid and invalid inputs both: a wrong type or a missing field must be a 400, not a 500.
schema.config.generation.update(modes=list(GenerationMode), max_examples=MAX_EXAMPLES)


@pytest.fixture(scope="module")
def fuzz_client(web_template, tmp_path_factory):
    root = tmp_path_factory.mktemp("web-fuzz")
    shutil.copytree(web_template.home, root / "home")
    home = WebHome(root / "home", web_template.ids, web_template.tokens)
    client = make_client(home)
    client.headers["Authorization"] = f"Bearer {home.tokens['admin']}"
    return client


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_generated_request_is_a_server_error(case, fuzz_client):
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    response = fuzz_client.request(**{k: v for k, v in kwargs.items() if k in (
        "method", "url", "headers", "params", "json", "content", "data", "files", "cookies")})
    case.validate_response(response, checks=[not_a_server_error])
