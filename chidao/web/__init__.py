"""The web app and the REST API (FastAPI, server-rendered Jinja2 pages, no JavaScript
framework, nothing loaded from another site).

Public names:
- create_app(config, *, reading_requires_login=True, secret=None, max_upload_bytes=…, today=None)
  -> FastAPI: pages (search, documents, task board, dashboard, upload, users) and /api.
- WebSettings: the app's settings; CSP: the Content-Security-Policy every response carries.
- Principal: who a request comes from (chidao.web.auth).
- task_path(task_id): a task id as it goes into a URL (percent-encoded: '#' is %23).
"""

from chidao.web.app import CSP, WebSettings, create_app
from chidao.web.auth import Principal
from chidao.web.render import task_path

__all__ = ["CSP", "Principal", "WebSettings", "create_app", "task_path"]
