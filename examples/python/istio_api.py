"""Istio's "Control Ingress Traffic" task, in Python.

The same four charts as examples/istio-api.ts, written against the Python
binding that jsii-pacmak generates (module ``cdk8s_istio_ingress``): props
are keyword arguments, methods are snake_case, structs such as ``HttpRoute``
are classes taking keyword arguments.
"""
from cdk8s import Chart, Duration
from constructs import Construct

from cdk8s_istio_ingress import (
    Backend,
    ExposedService,
    HttpbinApp,
    HttpRoute,
    IngressGateway,
    RouteMatch,
)


class HttpbinIstioApi(Chart):
    """httpbin behind a gateway on httpbin.example.com, /status and /delay exposed, everything else 404."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        gateway = IngressGateway(self, "httpbin-gateway")
        httpbin = HttpbinApp(self, "httpbin")
        ExposedService(
            self,
            "httpbin-ingress",
            name="httpbin",
            gateway=gateway,
            backend=httpbin,
            hosts=["httpbin.example.com"],
            routes=[HttpRoute(matches=[RouteMatch.path_prefix("/status"), RouteMatch.path_prefix("/delay")])],
        )


class HttpbinIstioApiAnyHost(Chart):
    """The same task's browser variant: any host, /headers exposed."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        gateway = IngressGateway(self, "httpbin-gateway")
        httpbin = HttpbinApp(self, "httpbin")
        ExposedService(
            self,
            "httpbin-ingress",
            name="httpbin",
            gateway=gateway,
            backend=httpbin,
            hosts=["*"],
            routes=[HttpRoute(matches=[RouteMatch.path_prefix("/headers")])],
        )


class HttpbinIstioApiTimeout(Chart):
    """The legacy ingress task's routing rule: /delay answers within 4s, /status as before."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        gateway = IngressGateway(self, "httpbin-gateway")
        httpbin = HttpbinApp(self, "httpbin")
        ExposedService(
            self,
            "httpbin-ingress",
            name="httpbin",
            gateway=gateway,
            backend=httpbin,
            hosts=["httpbin.example.com"],
            routes=[
                HttpRoute(matches=[RouteMatch.path_prefix("/status")]),
                HttpRoute(matches=[RouteMatch.path_prefix("/delay")], timeout=Duration.seconds(4)),
            ],
        )


class HelloIstioApi(Chart):
    """A minimal gateway for an existing ``hello`` Service on hello.com, through the default istio-ingressgateway."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        gateway = IngressGateway(self, "hello-gateway")
        ExposedService(
            self,
            "frontend-ingress",
            gateway=gateway,
            backend=Backend.from_service_name("hello", namespace="default", port=80, port_name="http"),
            hosts=["hello.com"],
        )
