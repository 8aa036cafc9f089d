#!/bin/sh
# Copies the Linux x86_64 native libraries out of the runtime jars (libtorch, OpenBLAS, JavaCPP,
# DJL's HF tokenizers) into one flat folder, so that a container with a read-only root and a
# noexec /tmp can load them from there (the options are in jvm.args beside this script). Both
# JavaCPP and DJL would otherwise unpack them into a writable cache at run time, which such a
# container does not have. Used by the Dockerfile and by compat-tests' DockerAirlockTest.
# Usage: extract-natives.sh LIB_DIR OUT_DIR   (needs the JDK's jar tool on PATH or in JAVA_HOME)
set -eu
lib=$(cd "$1" && pwd); out=$2
jar=$(command -v jar || echo "${JAVA_HOME:-/nonexistent}/bin/jar")
[ -x "$jar" ] || { echo "extract-natives: no jar tool (put a JDK on PATH or set JAVA_HOME)" >&2; exit 3; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
found=0
for archive in "$lib"/*-linux-x86_64*.jar "$lib"/tokenizers-*.jar; do
    [ -f "$archive" ] || continue
    (cd "$work" && "$jar" xf "$archive" org/bytedeco native/lib/linux-x86_64/cpu)
    found=1
done
[ "$found" = 1 ] || { echo "extract-natives: no native jars in $lib" >&2; exit 3; }
mkdir -p "$out"
find "$work" -path '*linux-x86_64*' -type f -name '*.so*' -exec cp {} "$out"/ \;
# JavaCPP serves OpenBLAS's no-LAPACK variant from the same library under a second name.
[ -f "$out/libopenblas.so.0" ] && ln -sf libopenblas.so.0 "$out/libopenblas_nolapack.so.0"
chmod -R a+rX "$out"
