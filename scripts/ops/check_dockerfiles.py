#!/usr/bin/env python3
"""Static checks of Ferry's Dockerfiles, for machines without a Docker engine.

For every docker/*.Dockerfile (and any */Dockerfile): base images are pinned (a version tag or a
digest, never `latest` or no tag); every `--from=` names an earlier stage; every COPY/ADD source
from the build context exists in the repository and is not excluded by .dockerignore; every
source copied from a stage is a path that stage creates; `RUN --mount` comes with a
`# syntax=` line; the last stage runs as a non-root USER and has an ENTRYPOINT or CMD. Also: each
`dockerfile:` of docker-compose.yml exists. Prints one line per problem; exits 1 if any.

Usage: check_dockerfiles.py <repository root>
"""
import fnmatch
import glob
import os
import re
import shlex
import sys


def instructions(path):
    """(line number, instruction, arguments) with continuations joined and comments dropped."""
    result, buffer, start = [], "", 0
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not buffer and (not line.strip() or line.lstrip().startswith("#")):
                continue
            if buffer and line.lstrip().startswith("#"):
                continue  # a comment inside a continued instruction
            if not buffer:
                start = number
            if line.endswith("\\"):
                buffer += line[:-1] + " "
                continue
            buffer += line
            word, _, rest = buffer.strip().partition(" ")
            result.append((start, word.upper(), rest.strip()))
            buffer = ""
    return result


def dockerignore(root):
    path = os.path.join(root, ".dockerignore")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def ignored(relative, patterns):
    """Whether .dockerignore leaves `relative` (or a folder above it) out of the context."""
    parts = relative.strip("/").split("/")
    excluded = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        for i in range(1, len(parts) + 1):
            candidate = "/".join(parts[:i])
            regex = fnmatch.translate(pattern).replace(".*.*/", "(.*/)?")
            if pattern.startswith("**/"):
                regex = "(.*/)?" + fnmatch.translate(pattern[3:])
            if re.match(regex, candidate):
                excluded = not negate
    return excluded


def pinned(image):
    if "@sha256:" in image:
        return True
    name, _, tag = image.rpartition(":") if ":" in image.split("/")[-1] else (image, "", "")
    return bool(tag) and tag != "latest" and any(c.isdigit() for c in tag)


def check(root, path, problems):
    rel = os.path.relpath(path, root)
    steps = instructions(path)
    with open(path, encoding="utf-8") as f:
        first = f.readline()
    stages = []  # (name, text of its instructions)
    ignore = dockerignore(root)
    uses_mount = False
    for number, word, args in steps:
        where = f"{rel}:{number}"
        if word == "FROM":
            tokens = [t for t in args.split() if not t.startswith("--")]
            image = tokens[0]
            name = tokens[2] if len(tokens) >= 3 and tokens[1].upper() == "AS" else None
            if image not in [s[0] for s in stages] and not pinned(image):
                problems.append(f"{where}: base image {image} is not pinned to a version or digest")
            stages.append([name, image + "\n"])
            continue
        if not stages:
            if word != "ARG":
                problems.append(f"{where}: {word} before the first FROM")
            continue
        stages[-1][1] += args + "\n"
        if word == "RUN" and "--mount=" in args:
            uses_mount = True
        if word in ("COPY", "ADD"):
            tokens = shlex.split(args)
            flags = [t for t in tokens if t.startswith("--")]
            paths = [t for t in tokens if not t.startswith("--")]
            if len(paths) < 2:
                problems.append(f"{where}: {word} needs a source and a destination")
                continue
            sources = paths[:-1]
            source_stage = next((f.split("=", 1)[1] for f in flags if f.startswith("--from=")), None)
            if source_stage is not None:
                earlier = {s[0]: s[1] for s in stages[:-1] if s[0]}
                if source_stage not in earlier:
                    if source_stage.isdigit() or not pinned(source_stage):
                        problems.append(f"{where}: --from={source_stage} is no earlier stage")
                    continue
                for source in sources:
                    top = "/" + source.strip("/").split("/")[0]
                    if top not in earlier[source_stage]:
                        problems.append(f"{where}: {source} is not created by stage {source_stage}")
                continue
            for source in sources:
                if source.startswith("$"):
                    continue
                matches = glob.glob(os.path.join(root, source))
                if not matches:
                    problems.append(f"{where}: {source} does not exist in the build context")
                elif source not in (".", "./") and all(ignored(os.path.relpath(m, root), ignore) for m in matches):
                    problems.append(f"{where}: {source} is excluded by .dockerignore")
    if uses_mount and not first.startswith("# syntax="):
        problems.append(f"{rel}:1: RUN --mount needs a '# syntax=docker/dockerfile:1.x' first line")
    final = [s for s in steps if s[1] == "FROM"][-1][0] if stages else 0
    tail = [s for s in steps if s[0] > final]
    users = [a for _, w, a in tail if w == "USER"]
    if not users or users[-1].split(":")[0] in ("root", "0"):
        problems.append(f"{rel}: the final stage does not switch to a non-root USER")
    if not any(w in ("ENTRYPOINT", "CMD") for _, w, _ in tail):
        problems.append(f"{rel}: the final stage has no ENTRYPOINT or CMD")
    for module in set(re.findall(r"-pl ([\w-]+)", "".join(s[1] for s in stages))):
        if not os.path.exists(os.path.join(root, module, "pom.xml")):
            problems.append(f"{rel}: builds Maven module {module}, which does not exist")


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
    files = sorted(glob.glob(os.path.join(root, "docker", "*.Dockerfile")) + glob.glob(os.path.join(root, "*", "Dockerfile")))
    problems = []
    if not files:
        problems.append("no Dockerfiles found under docker/")
    for path in files:
        check(root, path, problems)
    compose = os.path.join(root, "docker-compose.yml")
    if os.path.exists(compose):
        with open(compose, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                m = re.match(r"\s*dockerfile:\s*(\S+)", line)
                if m and not os.path.exists(os.path.join(root, m.group(1))):
                    problems.append(f"docker-compose.yml:{number}: dockerfile {m.group(1)} does not exist")
    # The images copy <module>/target/<module>-*-exec.jar: the repackaged jar must keep that classifier.
    with open(os.path.join(root, "pom.xml"), encoding="utf-8") as f:
        if "<classifier>exec</classifier>" not in f.read():
            problems.append("pom.xml: the Boot jars are no longer repackaged with classifier exec")
    for problem in problems:
        print(f"check-ops: dockerfile: {problem}")
    print(f"check-ops: dockerfiles: {len(files)} checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
