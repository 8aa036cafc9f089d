# Sourced by ./airlock and .ci/run: exports JAVA_HOME as a JDK of release 21 or newer.
# Order: $JAVA_HOME if new enough, the java on PATH, then every JDK under /usr/lib/jvm (newest first).

airlock_java_release() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

airlock_find_jdk() {
    local candidates=() home release
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    if command -v javac >/dev/null 2>&1; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
    fi
    for home in $(ls -d /usr/lib/jvm/*/ /opt/java/*/ 2>/dev/null | sort -rV); do
        candidates+=("${home%/}")
    done
    for home in "${candidates[@]}"; do
        [ -x "$home/bin/javac" ] || continue
        release=$(airlock_java_release "$home")
        if [ -n "$release" ] && [ "$release" -ge 21 ]; then
            echo "$home"
            return 0
        fi
    done
    return 1
}

if ! JAVA_HOME=$(airlock_find_jdk); then
    echo "airlock: no JDK of release 21 or newer found (looked at \$JAVA_HOME, PATH, /usr/lib/jvm)." >&2
    echo "airlock: install one (for example Debian's openjdk-21-jdk or Temurin 25) and set JAVA_HOME." >&2
    exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
