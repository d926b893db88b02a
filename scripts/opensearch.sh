#!/usr/bin/env bash
# A two-node OpenSearch test cluster on 127.0.0.1, assembled from Maven Central artifacts
# (no download site needed: only Maven, a JDK 17-21, curl, unzip and python3).
#
# Usage: scripts/opensearch.sh start|stop|status|stop-node N|assemble
#   start        assemble the home if needed, start the nodes that are not running, wait
#                for green (bounded), print the HTTP URLs (comma separated) and exit 0
#   stop         stop exactly the java processes this script started, and wait for them
#   stop-node N  stop node N only (for failover tests); N's vote moves to the other node
#                first, so the remaining node stays cluster manager (yellow, not red)
#   status       each node's state and the cluster health
#   assemble     only build the home (lib/, modules/, plugins/) from Maven
#
# Environment:
#   STDALIGN_OS_HOME      cache folder (default <repo>/.cache/opensearch, git-ignored;
#                         /var/tmp/stdalign-opensearch-<hash> when the nodes' user
#                         cannot reach the clone)
#   STDALIGN_OS_HEAP      heap of each node (default 512m; keep it within 512m-1g)
#   STDALIGN_OS_HTTP_PORTS / STDALIGN_OS_TRANSPORT_PORTS
#                         two ports each, default "9200 9201" / "9300 9301"
#   STDALIGN_OS_WAIT      seconds start waits for green (default 180)
#   STDALIGN_OS_JAVA      java binary (default: JDK 17 or 21 found under /usr/lib/jvm, else java)
#   STDALIGN_OS_USER      OpenSearch refuses to run as root: when this script runs as root,
#                         the nodes run as this user (default nobody) via setpriv, and their
#                         config/, data/, logs/ and tmp/ belong to it (so every parent
#                         folder of STDALIGN_OS_HOME must be world-executable)
#
# What goes into the home (all resolved by `mvn dependency:copy-dependencies` from a
# generated reactor pom under $STDALIGN_OS_HOME/maven, into a private local repository
# $STDALIGN_OS_HOME/m2, so a second run downloads nothing):
#   lib/                       org.opensearch:opensearch:2.19.1 and its runtime dependencies,
#                              plus its optional log4j-core/spatial4j/jts-core and the
#                              plugin class loader (for plugins that extend others)
#   modules/transport-netty4   transport-netty4-client 2.19.1 + netty 4.1.118.Final
#   modules/lang-painless      lang-painless 2.19.1 + painless SPI, antlr4, asm
#   modules/analysis-common    analysis-common 2.19.1 (english, thai tokenizer, ...)
#   plugins/opensearch-knn     the published zip org.opensearch.plugin:opensearch-knn:2.19.1.0
#                              (the jar and its dependencies; the zip carries no native
#                              faiss/nmslib libraries, so only engine "lucene" works: an index
#                              with engine faiss or nmslib is accepted, but the first refresh
#                              kills the node holding it with UnsatisfiedLinkError
#                              "no opensearchknn_faiss_avx2 / opensearchknn_common")
#   plugins/analysis-icu       analysis-icu-client 2.16.0 (the plugin classes; Maven Central
#   plugins/analysis-smartcn   has no 2.19.x of analysis-icu(-client) or analysis-smartcn) with
#                              Lucene 9.12.1's analyzers, declared for OpenSearch 2.19.1
# Maven publishes modules as plain jars, so the script writes each plugin-descriptor.properties
# (and the two security policies the modules need) itself. No security plugin.
#
# Each node runs `java ... org.opensearch.bootstrap.OpenSearch` from the shared home with
# its own config/, data/ and logs/ under $STDALIGN_OS_HOME/nodes/node-N; its pid is in
# nodes/node-N/node.pid and stop checks that pid still is that node's java before killing.
set -euo pipefail

OS_VERSION=2.19.1
KNN_VERSION=2.19.1.0
LUCENE_VERSION=9.12.1
NETTY_VERSION=4.1.118.Final
# analysis-icu / analysis-smartcn: newest 2.x plugin jars Maven Central serves
ICU_PLUGIN_VERSION=2.16.0
ICU4J_VERSION=74.2            # the version lucene-analysis-icu 9.12.1 is built against
DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.6.1
CLUSTER=stdalign-test
# bump when the layout of the assembled home changes, to force a rebuild
LAYOUT=3

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_USER="${STDALIGN_OS_USER:-nobody}"
# The nodes run as $RUN_USER when this runs as root, and that user cannot reach a clone
# inside a private folder (/root/...): the cache then goes to /var/tmp, one per clone.
default_base() {
    local base="$ROOT/.cache/opensearch"
    if ((EUID == 0)) && id "$RUN_USER" >/dev/null 2>&1 && command -v setpriv >/dev/null &&
        ! setpriv --reuid="$(id -u "$RUN_USER")" --regid="$(id -g "$RUN_USER")" --clear-groups \
            test -x "$ROOT"; then
        base="/var/tmp/stdalign-opensearch-$(printf '%s' "$ROOT" | sha256sum | cut -c1-8)"
    fi
    printf '%s\n' "$base"
}
BASE="${STDALIGN_OS_HOME:-$(default_base)}"
HEAP="${STDALIGN_OS_HEAP:-512m}"
read -r -a HTTP_PORTS <<<"${STDALIGN_OS_HTTP_PORTS:-9200 9201}"
read -r -a TRANSPORT_PORTS <<<"${STDALIGN_OS_TRANSPORT_PORTS:-9300 9301}"
WAIT_SECS="${STDALIGN_OS_WAIT:-180}"
NODES=(1 2)
((${#HTTP_PORTS[@]} == ${#NODES[@]} && ${#TRANSPORT_PORTS[@]} == ${#NODES[@]})) ||
    { echo "opensearch.sh: error: STDALIGN_OS_HTTP_PORTS and STDALIGN_OS_TRANSPORT_PORTS need ${#NODES[@]} ports each" >&2; exit 2; }
HOME_DIR="$BASE/home"
MARKER="$HOME_DIR/.assembled-$OS_VERSION-$KNN_VERSION-$LAYOUT"

say() { printf 'opensearch.sh: %s\n' "$*"; }
die() { printf 'opensearch.sh: error: %s\n' "$*" >&2; exit 1; }

http_port() { echo "${HTTP_PORTS[$(($1 - 1))]}"; }
transport_port() { echo "${TRANSPORT_PORTS[$(($1 - 1))]}"; }
node_dir() { echo "$BASE/nodes/node-$1"; }
url_of() { echo "http://127.0.0.1:$(http_port "$1")"; }
urls() {
    local out="" n
    for n in "${NODES[@]}"; do out="${out:+$out,}$(url_of "$n")"; done
    echo "$out"
}

# ---------------------------------------------------------------- java
find_java() {
    if [[ -n "${STDALIGN_OS_JAVA:-}" ]]; then echo "$STDALIGN_OS_JAVA"; return; fi
    local j
    # OpenSearch 2.19 needs the security manager, which Java 24+ removed: prefer 17/21.
    for j in /usr/lib/jvm/java-17-openjdk-*/bin/java /usr/lib/jvm/temurin-17-*/bin/java \
             /usr/lib/jvm/java-21-openjdk-*/bin/java /usr/lib/jvm/temurin-21-*/bin/java; do
        [[ -x "$j" ]] && { echo "$j"; return; }
    done
    command -v java || die "no java found (need a JDK 17 or 21; set STDALIGN_OS_JAVA)"
}

# ---------------------------------------------------------------- assembly
# dep GROUP ARTIFACT VERSION [TYPE]: a dependency without its transitive ones
dep() {
    printf '    <dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version><type>%s</type>\n' \
        "$1" "$2" "$3" "${4:-jar}"
    printf '      <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions></dependency>\n'
}

# module_pom NAME DEPENDENCY_XML: a reactor module copying its dependencies to out/NAME
module_pom() {
    local name="$1" deps="$2"
    mkdir -p "$BASE/maven/$name"
    cat >"$BASE/maven/$name/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent><groupId>stdalign.test</groupId><artifactId>opensearch-home</artifactId><version>1</version></parent>
  <artifactId>$name</artifactId>
  <packaging>pom</packaging>
  <dependencies>
$deps
  </dependencies>
  <build><plugins><plugin>
    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId>
    <configuration><outputDirectory>$BASE/maven/out/$name</outputDirectory></configuration>
  </plugin></plugins></build>
</project>
EOF
}

write_poms() {
    rm -rf "$BASE/maven"
    mkdir -p "$BASE/maven"
    local modules="lib transport-netty4 lang-painless analysis-common analysis-icu analysis-smartcn zips"
    {
        cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by scripts/opensearch.sh: the jars and zips of an OpenSearch $OS_VERSION home -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>stdalign.test</groupId><artifactId>opensearch-home</artifactId><version>1</version>
  <packaging>pom</packaging>
  <modules>
EOF
        local m
        for m in $modules; do echo "    <module>$m</module>"; done
        cat <<EOF
  </modules>
  <build><pluginManagement><plugins><plugin>
    <groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId>
    <version>${DEP_PLUGIN##*:}</version>
    <configuration><includeScope>runtime</includeScope><overWriteIfNewer>true</overWriteIfNewer></configuration>
  </plugin></plugins></pluginManagement></build>
</project>
EOF
    } >"$BASE/maven/pom.xml"

    # lib/: the server with its (transitive) runtime dependencies
    module_pom lib "$(cat <<EOF
    <dependency><groupId>org.opensearch</groupId><artifactId>opensearch</artifactId><version>$OS_VERSION</version></dependency>
    <dependency><groupId>org.opensearch</groupId><artifactId>opensearch-plugin-classloader</artifactId><version>$OS_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.21.0</version></dependency>
    <dependency><groupId>org.locationtech.spatial4j</groupId><artifactId>spatial4j</artifactId><version>0.7</version></dependency>
    <dependency><groupId>org.locationtech.jts</groupId><artifactId>jts-core</artifactId><version>1.15.0</version></dependency>
EOF
)"
    local netty="" a
    for a in buffer codec codec-http common handler resolver transport transport-native-unix-common; do
        netty+="$(dep io.netty "netty-$a" "$NETTY_VERSION")"$'\n'
    done
    module_pom transport-netty4 "$(dep org.opensearch.plugin transport-netty4-client "$OS_VERSION")
$netty"
    local asm=""
    for a in asm asm-util asm-tree asm-commons asm-analysis; do asm+="$(dep org.ow2.asm "$a" 9.7)"$'\n'; done
    module_pom lang-painless "$(dep org.opensearch.plugin lang-painless "$OS_VERSION")
$(dep org.opensearch.plugin opensearch-scripting-painless-spi "$OS_VERSION")
$(dep org.antlr antlr4-runtime 4.13.1)
$asm"
    module_pom analysis-common "$(dep org.opensearch.plugin analysis-common "$OS_VERSION")"
    module_pom analysis-icu "$(dep org.opensearch.plugin analysis-icu-client "$ICU_PLUGIN_VERSION")
$(dep org.apache.lucene lucene-analysis-icu "$LUCENE_VERSION")
$(dep com.ibm.icu icu4j "$ICU4J_VERSION")"
    module_pom analysis-smartcn "$(dep org.opensearch.plugin analysis-smartcn "$ICU_PLUGIN_VERSION")
$(dep org.apache.lucene lucene-analysis-smartcn "$LUCENE_VERSION")"
    module_pom zips "$(dep org.opensearch.plugin opensearch-knn "$KNN_VERSION" zip)"
}

# descriptor DIR NAME CLASSNAME DESCRIPTION [EXTENDED]
descriptor() {
    cat >"$1/plugin-descriptor.properties" <<EOF
# written by scripts/opensearch.sh (Maven publishes this module as a plain jar)
description=$4
version=$OS_VERSION
name=$2
classname=$3
java.version=11
opensearch.version=$OS_VERSION
extended.plugins=${5:-}
has.native.controller=false
EOF
}

assemble() {
    if [[ -f "$MARKER" ]]; then return 0; fi
    command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
    command -v unzip >/dev/null || die "unzip not found (apt-get install unzip)"
    local t0=$SECONDS java
    java="$(find_java)"
    say "assembling OpenSearch $OS_VERSION under $HOME_DIR from Maven Central (first run only)"
    write_poms
    rm -rf "$BASE/maven/out"
    # maven itself runs on the same JDK; -T1 and a small heap keep it to about one core
    if ! JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$java")")")" MAVEN_OPTS="-Xmx512m -XX:ActiveProcessorCount=1" \
        mvn -B -q -f "$BASE/maven/pom.xml" -Dmaven.repo.local="$BASE/m2" \
            "$DEP_PLUGIN:copy-dependencies" >"$BASE/maven/mvn.log" 2>&1; then
        tail -n 40 "$BASE/maven/mvn.log" >&2
        die "maven could not resolve the OpenSearch artifacts (log: $BASE/maven/mvn.log)"
    fi
    local out="$BASE/maven/out" tmp="$BASE/home.tmp"
    rm -rf "$tmp"
    # bin/ stays empty (no launcher scripts), but the security set-up expects it
    mkdir -p "$tmp/bin" "$tmp/lib" "$tmp/modules" "$tmp/plugins" "$tmp/config"
    cp "$out"/lib/*.jar "$tmp/lib/"

    local m
    for m in transport-netty4 lang-painless analysis-common; do
        mkdir -p "$tmp/modules/$m"
        cp "$out/$m"/*.jar "$tmp/modules/$m/"
    done
    descriptor "$tmp/modules/transport-netty4" transport-netty4 org.opensearch.transport.Netty4Plugin \
        "Netty 4 based transport implementation"
    descriptor "$tmp/modules/lang-painless" lang-painless org.opensearch.painless.PainlessPlugin \
        "An easy, safe and fast scripting language for OpenSearch"
    descriptor "$tmp/modules/analysis-common" analysis-common org.opensearch.analysis.common.CommonAnalysisPlugin \
        "Adds \"built in\" analyzers to OpenSearch."
    # the permissions these two modules ask for in the OpenSearch distribution
    cat >"$tmp/modules/transport-netty4/plugin-security.policy" <<'EOF'
grant {
  permission java.io.FilePermission "/proc/sys/net/core/somaxconn", "read";
  permission java.net.SocketPermission "*", "accept,connect";
  permission java.lang.RuntimePermission "*", "setContextClassLoader";
  permission java.lang.RuntimePermission "getClassLoader";
  permission java.util.PropertyPermission "sun.nio.ch.bugLevel", "write";
};
EOF
    cat >"$tmp/modules/lang-painless/plugin-security.policy" <<'EOF'
grant {
  permission java.lang.RuntimePermission "createClassLoader";
  permission java.lang.RuntimePermission "getClassLoader";
};
EOF

    for m in analysis-icu analysis-smartcn; do
        mkdir -p "$tmp/plugins/$m"
        cp "$out/$m"/*.jar "$tmp/plugins/$m/"
    done
    descriptor "$tmp/plugins/analysis-icu" analysis-icu org.opensearch.plugin.analysis.icu.AnalysisICUPlugin \
        "The ICU Analysis plugin integrates the Lucene ICU module into OpenSearch, adding ICU-related analysis components."
    descriptor "$tmp/plugins/analysis-smartcn" analysis-smartcn org.opensearch.plugin.analysis.smartcn.AnalysisSmartChinesePlugin \
        "Smart Chinese Analysis plugin integrates Lucene Smart Chinese analysis module into opensearch."

    mkdir -p "$tmp/plugins/opensearch-knn"
    unzip -q -o "$out/zips/opensearch-knn-$KNN_VERSION.zip" -d "$tmp/plugins/opensearch-knn"
    grep -q "^opensearch.version=$OS_VERSION\$" "$tmp/plugins/opensearch-knn/plugin-descriptor.properties" ||
        die "opensearch-knn $KNN_VERSION is not built for OpenSearch $OS_VERSION"

    # jar hell guard: a plugin must not carry a second copy of a jar that is in lib/
    local j base
    for j in "$tmp"/modules/*/*.jar "$tmp"/plugins/*/*.jar; do
        base="$(basename "$j" | sed -E 's/-[0-9][^-]*(-[A-Za-z]+)?\.jar$//')"
        if compgen -G "$tmp/lib/$base-[0-9]*.jar" >/dev/null; then
            say "dropping $(basename "$j") from $(basename "$(dirname "$j")"): lib/ has it"
            rm -f "$j"
        fi
    done

    rm -rf "$HOME_DIR"
    mv "$tmp" "$HOME_DIR"
    rm -rf "$out" # copies of what is in m2/ and home/
    write_log4j "$HOME_DIR/config/log4j2.properties"
    touch "$MARKER"
    say "assembled in $((SECONDS - t0)) s: $(find "$HOME_DIR/lib" -name '*.jar' | wc -l) jars in lib/, modules: $(cd "$HOME_DIR/modules" && echo *), plugins: $(cd "$HOME_DIR/plugins" && echo *)"
}

write_log4j() {
    cat >"$1" <<'EOF'
# written by scripts/opensearch.sh: one plain log file per node (path.logs is per node)
status = error
appender.file.type = RollingFile
appender.file.name = file
appender.file.fileName = ${sys:opensearch.logs.base_path}${sys:file.separator}${sys:opensearch.logs.cluster_name}.log
appender.file.filePattern = ${sys:opensearch.logs.base_path}${sys:file.separator}${sys:opensearch.logs.cluster_name}-%i.log.gz
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n
appender.file.policies.type = Policies
appender.file.policies.size.type = SizeBasedTriggeringPolicy
appender.file.policies.size.size = 32MB
appender.file.strategy.type = DefaultRolloverStrategy
appender.file.strategy.max = 2
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
logger.deprecation.name = org.opensearch.deprecation
logger.deprecation.level = error
EOF
}

# ---------------------------------------------------------------- node config
write_node_config() {
    local n="$1" d seeds="" managers="" m
    d="$(node_dir "$n")"
    mkdir -p "$d/config" "$d/data" "$d/logs" "$d/tmp"
    for m in "${NODES[@]}"; do
        seeds="${seeds:+$seeds, }\"127.0.0.1:$(transport_port "$m")\""
        managers="${managers:+$managers, }\"node-$m\""
    done
    cat >"$d/config/opensearch.yml" <<EOF
# written by scripts/opensearch.sh
cluster.name: $CLUSTER
node.name: node-$n
path.data: $d/data
path.logs: $d/logs
network.host: 127.0.0.1
http.port: $(http_port "$n")
transport.port: $(transport_port "$n")
discovery.seed_hosts: [$seeds]
cluster.initial_cluster_manager_nodes: [$managers]
node.processors: 1
bootstrap.memory_lock: false
# a test cluster on a shared disk: do not turn yellow/red because the disk is nearly full
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
    cp "$HOME_DIR/config/log4j2.properties" "$d/config/log4j2.properties"
    if ((EUID == 0)); then
        # the node writes its keystore into config/, and data/, logs/, tmp/
        chown -R "$RUN_USER:$(id -gn "$RUN_USER")" "$d"
    fi
    # read by this script (there is no bin/opensearch launcher in this home)
    cat >"$d/config/jvm.options" <<EOF
-Xms$HEAP
-Xmx$HEAP
-XX:MaxDirectMemorySize=256m
-XX:ActiveProcessorCount=1
-XX:+UseG1GC
-XX:G1ReservePercent=25
-XX:InitiatingHeapOccupancyPercent=30
-Xss1m
-Djava.io.tmpdir=$d/tmp
-XX:+HeapDumpOnOutOfMemoryError
-XX:HeapDumpPath=$d/logs
-XX:ErrorFile=$d/logs/hs_err_pid%p.log
-XX:+ShowCodeDetailsInExceptionMessages
-XX:-OmitStackTraceInFastThrow
-Dopensearch.networkaddress.cache.ttl=60
-Dopensearch.networkaddress.cache.negative.ttl=10
-Djava.awt.headless=true
-Dfile.encoding=UTF-8
-Djna.nosys=true
-Dio.netty.noUnsafe=true
-Dio.netty.noKeySetOptimization=true
-Dio.netty.recycler.maxCapacityPerThread=0
-Dio.netty.allocator.numDirectArenas=0
-Dlog4j.shutdownHookEnabled=false
-Dlog4j2.disable.jmx=true
-Djava.locale.providers=SPI,COMPAT
EOF
}

# ---------------------------------------------------------------- processes
pid_file() { echo "$(node_dir "$1")/node.pid"; }

# running_pid N: prints the pid of node N if the recorded pid is alive and still is
# this node's OpenSearch java (not a recycled pid); returns 1 otherwise
running_pid() {
    local f pid args
    f="$(pid_file "$1")"
    [[ -f "$f" ]] || return 1
    pid="$(cat "$f")"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    args="$(tr '\0' '\n' 2>/dev/null <"/proc/$pid/cmdline")" || return 1
    if grep -qxF -- "-Dstdalign.os.node=$BASE/node-$1" <<<"$args"; then
        echo "$pid"
        return 0
    fi
    return 1
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_node() {
    local n="$1" d java pid
    d="$(node_dir "$n")"
    if pid="$(running_pid "$n")"; then
        say "node-$n already running (pid $pid)"
        return 0
    fi
    rm -f "$(pid_file "$n")"
    if port_busy "$(http_port "$n")" || port_busy "$(transport_port "$n")"; then
        die "port $(http_port "$n") or $(transport_port "$n") is taken by a process this script did not start"
    fi
    write_node_config "$n"
    [[ -f "$d/logs/console.log" ]] && mv -f "$d/logs/console.log" "$d/logs/console.log.1"
    java="$(find_java)"
    local -a opts as_user=()
    if ((EUID == 0)); then
        id "$RUN_USER" >/dev/null 2>&1 || die "user $RUN_USER does not exist (set STDALIGN_OS_USER)"
        command -v setpriv >/dev/null || die "setpriv not found (util-linux)"
        # setpriv execs java, so the recorded pid is the java process itself
        as_user=(setpriv --reuid="$(id -u "$RUN_USER")" --regid="$(id -g "$RUN_USER")" --clear-groups)
        "${as_user[@]}" test -r "$HOME_DIR/lib/opensearch-$OS_VERSION.jar" -a -w "$d/data" ||
            die "user $RUN_USER cannot read $HOME_DIR or write $d (every parent folder must be world-executable; set STDALIGN_OS_HOME elsewhere)"
    fi
    mapfile -t opts < <(grep -v '^\s*\(#\|$\)' "$d/config/jvm.options")
    # setsid: the node survives this shell; its own session, so Ctrl-C here does not reach it
    setsid "${as_user[@]}" "$java" "${opts[@]}" \
        "-Dstdalign.os.node=$BASE/node-$n" \
        "-Dopensearch.path.home=$HOME_DIR" \
        "-Dopensearch.path.conf=$d/config" \
        -Dopensearch.distribution.type=tar \
        -Dopensearch.bundled_jdk=false \
        -cp "$HOME_DIR/lib/*" \
        org.opensearch.bootstrap.OpenSearch \
        </dev/null >>"$d/logs/console.log" 2>&1 &
    pid=$!
    echo "$pid" >"$(pid_file "$n")"
    say "node-$n starting (pid $pid, http $(http_port "$n"), transport $(transport_port "$n"), heap $HEAP)"
}

show_logs() {
    local n d
    for n in "${NODES[@]}"; do
        d="$(node_dir "$n")"
        echo "----- node-$n: tail of $d/logs/$CLUSTER.log" >&2
        tail -n 25 "$d/logs/$CLUSTER.log" 2>/dev/null >&2 || true
        if [[ -s "$d/logs/console.log" ]]; then
            echo "----- node-$n: tail of $d/logs/console.log" >&2
            tail -n 25 "$d/logs/console.log" >&2
        fi
    done
}

# stop_pid N: SIGTERM node N, wait up to 60 s, then SIGKILL
stop_pid() {
    local n="$1" pid i
    if ! pid="$(running_pid "$n")"; then
        say "node-$n is not running"
        rm -f "$(pid_file "$n")"
        return 0
    fi
    say "stopping node-$n (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 600; i++)); do
        [[ -d "/proc/$pid" ]] || break
        # a zombie (our own child in the same shell) counts as gone
        [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" == Z ]] && break
        sleep 0.1
    done
    if [[ -d "/proc/$pid" ]] && running_pid "$n" >/dev/null; then
        say "node-$n did not stop within 60 s: SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 1
    fi
    rm -f "$(pid_file "$n")"
}

health() { # health URL [PARAMS]
    curl -s -m 10 "$1/_cluster/health${2:+?$2}" 2>/dev/null || true
}

json_field() { # json_field FIELD  (reads JSON on stdin)
    python3 -c 'import json,sys
try: print(json.load(sys.stdin).get(sys.argv[1], ""))
except Exception: print("")' "$1"
}

any_up_url() {
    local n pid
    for n in "${NODES[@]}"; do
        if pid="$(running_pid "$n")" && curl -s -m 3 -o /dev/null "$(url_of "$n")"; then
            url_of "$n"
            return 0
        fi
    done
    return 1
}

# ---------------------------------------------------------------- commands
cmd_start() {
    local t0=$SECONDS n all_up=1
    for n in "${NODES[@]}"; do running_pid "$n" >/dev/null || all_up=0; done
    if ((all_up)) && [[ "$(health "$(url_of 1)" | json_field status)" == green ]]; then
        say "already running and green"
        urls
        return 0
    fi
    # refuse before launching anything if a port belongs to someone else
    for n in "${NODES[@]}"; do
        running_pid "$n" >/dev/null && continue
        if port_busy "$(http_port "$n")" || port_busy "$(transport_port "$n")"; then
            die "port $(http_port "$n") or $(transport_port "$n") (node-$n) is taken by a process this script did not start"
        fi
    done
    assemble
    local started=()
    for n in "${NODES[@]}"; do
        running_pid "$n" >/dev/null || started+=("$n")
        start_node "$n"
    done

    say "waiting up to ${WAIT_SECS} s for green"
    local deadline=$((SECONDS + WAIT_SECS)) status="" h
    while ((SECONDS < deadline)); do
        for n in "${NODES[@]}"; do
            if ! running_pid "$n" >/dev/null; then
                show_logs
                stop_started "${started[@]}"
                die "node-$n exited during start-up"
            fi
        done
        h="$(health "$(url_of 1)" "wait_for_status=green&wait_for_nodes=${#NODES[@]}&timeout=5s")"
        status="$(json_field status <<<"$h")"
        if [[ "$status" == green && "$(json_field number_of_nodes <<<"$h")" == "${#NODES[@]}" ]]; then
            # a node that came back after stop-node may still be excluded from voting
            curl -s -m 10 -o /dev/null -X DELETE "$(url_of 1)/_cluster/voting_config_exclusions?wait_for_removal=false" || true
            say "cluster $CLUSTER is green with ${#NODES[@]} nodes ($((SECONDS - t0)) s)"
            urls
            return 0
        fi
        sleep 2
    done
    show_logs
    stop_started "${started[@]}"
    die "cluster not green after ${WAIT_SECS} s (last status: ${status:-no answer})"
}

# on a failed start, stop the nodes this start launched (not those that already ran)
stop_started() {
    local n
    for n in "$@"; do stop_pid "$n"; done
}

cmd_stop() {
    local i
    for ((i = ${#NODES[@]} - 1; i >= 0; i--)); do stop_pid "${NODES[$i]}"; done
    say "stopped"
}

cmd_stop_node() {
    local n="${1:-}" url m
    if ! [[ "$n" =~ ^[0-9]+$ ]] || ((n < 1 || n > ${#NODES[@]})); then
        die "usage: $0 stop-node N (N in 1..${#NODES[@]})"
    fi
    local remaining=""
    for m in "${NODES[@]}"; do
        [[ "$m" != "$n" ]] && running_pid "$m" >/dev/null && remaining="${remaining:+$remaining }$m"
    done
    if running_pid "$n" >/dev/null; then
        # With two cluster-manager-eligible nodes only one of them votes; move the vote
        # away from node N so the other node keeps (or takes) the cluster manager role.
        for m in "${NODES[@]}"; do
            [[ "$m" == "$n" ]] && continue
            if running_pid "$m" >/dev/null; then
                url="$(url_of "$m")"
                say "excluding node-$n from cluster-manager voting (via node-$m)"
                if ! curl -sf -m 30 -o /dev/null -X POST "$url/_cluster/voting_config_exclusions?node_names=node-$n&timeout=25s"; then
                    say "warning: could not exclude node-$n from voting; node-$m may lose its cluster manager"
                fi
                break
            fi
        done
    fi
    stop_pid "$n"
    if [[ -n "$remaining" ]]; then
        # return once the cluster has seen node N leave, so a test sees it yellow at once
        local count
        count="$(wc -w <<<"$remaining")"
        url="$(url_of "${remaining%% *}")"
        say "node-$n stopped; health seen from $url: $(health "$url" "wait_for_nodes=$count&timeout=30s&filter_path=status,number_of_nodes")"
    fi
}

cmd_status() {
    local n pid rss url h
    for n in "${NODES[@]}"; do
        url="$(url_of "$n")"
        if pid="$(running_pid "$n")"; then
            rss="$(awk '/^VmRSS/ {printf "%d MB", $2/1024}' "/proc/$pid/status" 2>/dev/null)"
            if curl -s -m 3 -o /dev/null "$url"; then
                say "node-$n running (pid $pid, RSS $rss) $url"
            else
                say "node-$n process up (pid $pid, RSS $rss), HTTP not answering yet on $url"
            fi
        else
            say "node-$n stopped"
        fi
    done
    if url="$(any_up_url)"; then
        h="$(health "$url" "cluster_manager_timeout=5s")"
        if [[ -n "$(json_field status <<<"$h")" ]]; then
            say "cluster health: $h"
        else
            # searches still work on the surviving copies, but nothing can be written
            say "no cluster manager elected (${h:-no answer}); local view of $url: $(health "$url" local=true)"
            return 1
        fi
    else
        say "cluster: no node answering"
        return 1
    fi
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
stop-node) cmd_stop_node "${2:-}" ;;
status) cmd_status ;;
assemble) assemble; say "home: $HOME_DIR" ;;
*)
    echo "usage: $0 start|stop|status|stop-node N|assemble" >&2
    exit 2
    ;;
esac
