#!/bin/sh
# Builds a tiny image for the docker tests offline (no registry is reachable): busybox-static
# plus the host libraries that the JDK and the given native folders link against, found with
# ldd. The JDK, our jars and the natives themselves are mounted read-only by the tests.
# Usage: test-image.sh IMAGE JAVA_HOME [NATIVE_DIR ...]; does nothing when IMAGE exists.
set -eu
image=$1; java_home=$2; shift 2
docker image inspect "$image" >/dev/null 2>&1 && exit 0
busybox=$(command -v busybox) || { echo "test-image: busybox-static is not installed" >&2; exit 3; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/proc" "$root/sys" "$root/dev" "$root/home/airlock"
cp "$busybox" "$root/bin/busybox"
for applet in $("$busybox" --list); do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nairlock:x:1000:1000:airlock:/home/airlock:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\nairlock:x:1000:\n' > "$root/etc/group"
libs=$(mktemp)
find "$java_home" "$@" \( -name '*.so' -o -name '*.so.*' -o -path "$java_home/bin/*" \) -type f 2>/dev/null \
    | while read -r f; do ldd "$f" 2>/dev/null || true; done \
    | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p' | sort -u > "$libs"
while read -r lib; do
    case "$lib" in "$java_home"/*) continue ;; esac
    skip=
    for dir in "$@"; do case "$lib" in "$dir"/*) skip=1 ;; esac; done
    [ -n "$skip" ] && continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
done < "$libs"
rm -f "$libs"
chmod 1777 "$root/tmp"
chown 1000:1000 "$root/home/airlock"
tar -C "$root" -c . | docker import -c 'USER 1000:1000' -c 'ENV PATH=/bin' - "$image" >/dev/null
