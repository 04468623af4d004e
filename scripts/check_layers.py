#!/usr/bin/env python3
"""Checks wakesim's include graph against its layers (docs/architecture.md,
'Dependency order').

Each layer is declared once, by a wakesim_layer(NAME DIRECTORY ... DEPENDS ...)
call in models/CMakeLists.txt, platforms/CMakeLists.txt or app/CMakeLists.txt.
This fails (exit 1, one line per offence) when
  - the declared dependencies form a cycle, or
  - a file of a layer includes "wakesim/<other>/..." for a layer it does not
    depend on, directly or through the layers it depends on.
The compiler already refuses such an include (a layer's include path reaches
only the layers it links); this names every offence at once, with file and line.

usage: scripts/check_layers.py [SOURCE_DIR]
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
call = re.compile(r'wakesim_layer\(\s*(\w+)\s+DIRECTORY\s+(\S+)(.*?)\)', re.S)
layers = {}  # name -> (directory, [dependencies])
for cmake in ('models/CMakeLists.txt', 'platforms/CMakeLists.txt', 'app/CMakeLists.txt'):
    path = root / cmake
    for name, directory, rest in call.findall(path.read_text()):
        directory = directory.replace('${CMAKE_CURRENT_SOURCE_DIR}', str(path.parent))
        deps, collecting = [], False
        for token in rest.split():
            if token in ('DEPENDS', 'LIBRARIES', 'DIRECTORY'):
                collecting = token == 'DEPENDS'
            elif collecting:
                deps.append(token)
        layers[name] = (pathlib.Path(directory), deps)

offences = []
reach = {}


def reachable(name, path=()):
    if name in path:
        offences.append('layers form a cycle: ' + ' -> '.join(path + (name,)))
        return set()
    if name not in reach:
        below = set()
        for dep in layers[name][1]:
            if dep not in layers:
                offences.append(f'layer {name} depends on unknown layer {dep}')
                continue
            below |= {dep} | reachable(dep, path + (name,))
        reach[name] = below
    return reach[name]


include = re.compile(r'^[ \t]*#[ \t]*include[ \t]*[<"]wakesim/(\w+)/', re.M)
for name, (directory, _) in sorted(layers.items()):
    allowed = reachable(name) | {name}
    files = sorted(directory.glob('*.cpp')) + sorted((directory / 'include' / 'wakesim' / name).glob('*.h'))
    for file in files:
        text = file.read_text()
        for match in include.finditer(text):
            target = match.group(1)
            if target not in allowed:
                line = text.count('\n', 0, match.start()) + 1
                offences.append(f'{file.relative_to(root)}:{line}: layer {name} includes layer {target}, '
                                f'which it does not depend on (allowed: {", ".join(sorted(allowed))})')

for offence in offences:
    print(offence)
if not layers:
    print('no wakesim_layer() calls found under', root)
    sys.exit(1)
sys.exit(1 if offences else 0)
