"""``cdk8s synth`` for the Python walkthrough (cdk8s.yaml: ``app: python3 main.py``).

Writes the same dist/*.k8s.yaml as the TypeScript charts of the same names.
"""
from cdk8s import App

from istio_api import HelloIstioApi, HttpbinIstioApi, HttpbinIstioApiAnyHost, HttpbinIstioApiTimeout

app = App()
HttpbinIstioApi(app, "httpbin-istio-api")
HttpbinIstioApiAnyHost(app, "httpbin-istio-api-any-host")
HttpbinIstioApiTimeout(app, "httpbin-istio-api-timeout")
HelloIstioApi(app, "hello-istio-api")
app.synth()
