"""Checks Python programs against the generated binding's names, without running them.

    python3 scripts/check-python-example.py <binding>/__init__.py program.py...

The binding cannot be imported here (it needs the jsii runtime and the cdk8s
and constructs bindings, which are on PyPI only), so this reads both with
``ast``: every name imported from ``cdk8s_istio_ingress`` must be a class of
the binding; every call of such a class, or of a method of it (``RouteMatch.
path_prefix(...)``), may pass only keyword arguments that the generated
signature declares, no more positional ones than it takes, and every required
keyword-only argument; every attribute read on such a class must exist.
Prints one summary line, or the problems (exit 1).
"""
import ast
import sys

MODULE = "cdk8s_istio_ingress"


class Signature:
    def __init__(self, node: ast.FunctionDef, bound: bool) -> None:
        args = node.args
        positional = [a.arg for a in args.posonlyargs + args.args]
        if bound and positional:
            positional = positional[1:]  # self or cls
        self.positional = positional
        self.required_positional = len(positional) - len(args.defaults)
        self.keywords = {a.arg for a in args.kwonlyargs} | set(positional)
        self.required_keywords = {a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is None}
        self.var_keywords = args.kwarg is not None


def binding_classes(path: str) -> dict:
    """Class name -> {member name -> Signature or None (property, enum member)}, with '__init__'."""
    tree = ast.parse(open(path, encoding="utf-8").read(), path)
    classes = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        members = {}
        for item in node.body:
            if isinstance(item, ast.FunctionDef):
                decorators = {ast.unparse(d) for d in item.decorator_list}
                is_static = "builtins.staticmethod" in decorators or "staticmethod" in decorators
                if any(d.endswith("property") or d.endswith(".setter") for d in decorators):
                    members[item.name] = None
                else:
                    members[item.name] = Signature(item, bound=not is_static)
            elif isinstance(item, ast.Assign):
                for target in item.targets:
                    if isinstance(target, ast.Name):
                        members[target.id] = None
        classes[node.name] = members
    return classes


def check_call(call: ast.Call, signature: Signature, label: str, problems: list, where: str) -> None:
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return  # *args / **kwargs: not checkable
    passed = {k.arg for k in call.keywords}
    if len(call.args) > len(signature.positional):
        problems.append(f"{where}: {label} takes {len(signature.positional)} positional argument(s), {len(call.args)} given")
    if len(call.args) < signature.required_positional and not passed.intersection(signature.positional[len(call.args):]):
        problems.append(f"{where}: {label} needs {signature.required_positional} positional argument(s), {len(call.args)} given")
    if not signature.var_keywords:
        for name in sorted(passed - signature.keywords):
            problems.append(f"{where}: {label} has no argument {name!r} (it takes {', '.join(sorted(signature.keywords)) or 'none'})")
    for name in sorted(signature.required_keywords - passed):
        problems.append(f"{where}: {label} needs the keyword argument {name!r}")


def check_program(path: str, classes: dict, problems: list) -> int:
    tree = ast.parse(open(path, encoding="utf-8").read(), path)
    imported = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == MODULE:
            for alias in node.names:
                if alias.name not in classes:
                    problems.append(f"{path}:{node.lineno}: {MODULE} has no {alias.name}")
                else:
                    imported[alias.asname or alias.name] = alias.name
    checked = 0
    for node in ast.walk(tree):
        where = f"{path}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in imported:
            name = imported[node.func.id]
            init = classes[name].get("__init__")
            if isinstance(init, Signature):
                check_call(node, init, name, problems, where)
                checked += 1
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in imported:
            name = imported[node.value.id]
            if node.attr not in classes[name]:
                problems.append(f"{where}: {name} has no member {node.attr!r}")
            checked += 1
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) and node.func.value.id in imported:
            name = imported[node.func.value.id]
            member = classes[name].get(node.func.attr)
            if isinstance(member, Signature):
                check_call(node, member, f"{name}.{node.func.attr}", problems, f"{path}:{node.lineno}")
    return checked


def main() -> int:
    binding, *programs = sys.argv[1:]
    classes = binding_classes(binding)
    problems: list = []
    checked = sum(check_program(p, classes, problems) for p in programs)
    if problems:
        print("\n".join(problems))
        return 1
    if checked == 0:
        print(f"no use of {MODULE} found in {', '.join(programs)}")
        return 1
    print(f"{len(programs)} example file(s): {checked} uses of {len(classes)} binding classes match the generated signatures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
