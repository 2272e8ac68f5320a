#!/usr/bin/env bash
# Whole-process speed of Jaffa against QEMU 7.2 TCG on the same files: median wall and user+sys
# CPU time of N runs of each workload, as a Markdown table on stdout (progress on stderr).
#
#   benchmarks/vs-qemu.sh [-n N] [--jaffa-opts "OPTS"] [WORKLOAD...]
#
# Workloads (default: all, in this order):
#   linux    Debian 12's arm64 kernel + the busybox initramfs of scripts/fetch-linux.sh, whose
#            /init (scripts/linux/init.sh) runs a short script and powers off; Jaffa
#            `run --machine virt`, QEMU `-M virt,gic-version=3`, same kernel, initrd, command line
#   shell    what `jaffa linux -- true` boots: the same kernel with the glibc root file system of
#            scripts/fetch-linux.sh (inflated, as `jaffa linux` hands it to the kernel) and the
#            command archive (/jaffa/command = `true`), an empty directory shared as tag `host`
#            (virtio-9p) and virtio-rng; /init loads the modules, mounts the share, runs the
#            command and powers off. Jaffa `run --machine virt --share`, QEMU `-M virt` with
#            virtio-9p-device and virtio-rng-device; same kernel, initrd, command line
#   bench    guests/build/bench.elf, $BENCH_ITERS iterations (default 2400)
#   coremix  guests/build/coremix.elf (CoreMark's kind of mix), $COREMIX_ITERS (default 7000);
#            `coremark` is accepted for it
#   xtest    `jaffa xtest` (FF-A, four partitions; Jaffa only)
#
# -n N                 runs per workload and emulator (default 3); Jaffa and QEMU alternate
# --jaffa-opts "OPTS"  extra `jaffa run`/`xtest` options, e.g. "--engine interp"
# JAVA                 the java to run Jaffa with (default: java on the PATH); JAFFA_JAVA_OPTS
#                      JVM options; QEMU the qemu-system-aarch64; MVN_FLAGS extra Maven flags
#                      (e.g. -o); JAFFA_CACHE where scripts/fetch-linux.sh keeps the Linux files
#
# Builds what it needs first (guests with make, platform/target/jaffa.jar with `mvn package` when
# a source is newer; the Linux files with scripts/fetch-linux.sh). Every run must succeed (exit
# status 0 and the workload's expected output, the same checksum line on both emulators);
# otherwise the script stops with the command and the end of its output, exit status 1.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$home/platform/target/jaffa.jar"
JAVA="${JAVA:-java}"
QEMU="${QEMU:-qemu-system-aarch64}"
BENCH_ITERS="${BENCH_ITERS:-2400}"
COREMIX_ITERS="${COREMIX_ITERS:-7000}"
runs=3
jaffa_opts=()
workloads=()

die() { echo "vs-qemu: $*" >&2; exit 1; }
usage() { echo "usage: benchmarks/vs-qemu.sh [-n N] [--jaffa-opts \"OPTS\"] [linux|shell|bench|coremix|xtest ...]" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    -n) [ $# -ge 2 ] || usage; runs="$2"; shift 2 ;;
    -n*) runs="${1#-n}"; shift ;;
    --jaffa-opts) [ $# -ge 2 ] || usage; read -r -a jaffa_opts <<< "$2"; shift 2 ;;
    --jaffa-opts=*) read -r -a jaffa_opts <<< "${1#--jaffa-opts=}"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 0 ;;
    linux|shell|bench|coremix|xtest) workloads+=("$1"); shift ;;
    coremark) workloads+=(coremix); shift ;;
    *) echo "vs-qemu: unknown workload or option: $1" >&2; usage ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "vs-qemu: -n needs a positive number, not '$runs'" >&2; exit 2; }
[ ${#workloads[@]} -gt 0 ] || workloads=(linux shell bench coremix xtest)

want() { local w; for w in "${workloads[@]}"; do [ "$w" = "$1" ] && return 0; done; return 1; }
need_qemu=0
for w in "${workloads[@]}"; do [ "$w" = xtest ] || need_qemu=1; done
command -v "$JAVA" >/dev/null 2>&1 || die "no java ('$JAVA'); set JAVA"
[ $need_qemu = 0 ] || command -v "$QEMU" >/dev/null 2>&1 || die "no $QEMU (Debian: apt-get install qemu-system-arm); set QEMU"

# ---- Build what is missing or stale ----
echo "vs-qemu: make -C guests" >&2
make -s -C "$home/guests" >/dev/null || die "make -C guests failed"
jar_srcs=("$home/pom.xml")
for m in format interp jit devices monitor spmc platform; do jar_srcs+=("$home/$m/pom.xml" "$home/$m/src/main"); done
if [ ! -f "$jar" ] || [ -n "$(find "${jar_srcs[@]}" -newer "$jar" -type f -print -quit)" ]; then
  echo "vs-qemu: building $jar (mvn package)" >&2
  # shellcheck disable=SC2086
  (cd "$home" && mvn -q -B ${MVN_FLAGS:-} -DskipTests -pl platform,guests -am package) >&2 || die "mvn package failed"
fi
linux_dir=""
if want linux || want shell; then
  linux_dir="$("$home/scripts/fetch-linux.sh")" || die "scripts/fetch-linux.sh failed"
  [ -f "$linux_dir/Image" ] && [ -f "$linux_dir/initrd.gz" ] && [ -f "$linux_dir/rootfs.gz" ] \
    || die "no Image, initrd.gz and rootfs.gz in $linux_dir"
fi

# ---- Commands ----
jaffa=("$JAVA")
# shellcheck disable=SC2206
[ -z "${JAFFA_JAVA_OPTS:-}" ] || jaffa+=(${JAFFA_JAVA_OPTS})
jaffa+=("-Djaffa.home=$home" -jar "$jar")
linux_append="console=ttyAMA0 panic=-1"

# Sets cmd_jaffa / cmd_qemu (empty: not run) and `expect`, a regex every run's output must match.
commands() {
  local elf
  cmd_qemu=()
  case "$1" in
    linux)
      cmd_jaffa=("${jaffa[@]}" run --machine virt -m 1G --kernel "$linux_dir/Image" --initrd "$linux_dir/initrd.gz"
                 --append "$linux_append" --max-insns 40000000000 "${jaffa_opts[@]}")
      cmd_qemu=("$QEMU" -M virt,gic-version=3 -cpu cortex-a57 -m 1G -kernel "$linux_dir/Image"
                -initrd "$linux_dir/initrd.gz" -append "$linux_append" -nographic -no-reboot -nic none)
      expect='jaffa-init: done' ;;
    shell)
      cmd_jaffa=("${jaffa[@]}" run --machine virt -m 1G --kernel "$linux_dir/Image" --initrd "$out/shell.cpio"
                 --append "console=ttyAMA0 quiet panic=-1" --share "$out/share" --max-insns 40000000000 "${jaffa_opts[@]}")
      cmd_qemu=("$QEMU" -M virt,gic-version=3 -cpu cortex-a57 -m 1G -kernel "$linux_dir/Image"
                -initrd "$out/shell.cpio" -append "console=ttyAMA0 quiet panic=-1" -nographic -no-reboot -nic none
                -fsdev "local,id=host,path=$out/share,security_model=none" -device virtio-9p-device,fsdev=host,mount_tag=host
                -device virtio-rng-device)
      expect='jaffa-linux-exit-status=0' ;;
    bench|coremix)
      elf="$home/guests/build/$1.elf"
      local iters; [ "$1" = bench ] && iters=$BENCH_ITERS || iters=$COREMIX_ITERS
      cmd_jaffa=("${jaffa[@]}" run "${jaffa_opts[@]}" "$elf" --append "$iters")
      cmd_qemu=("$QEMU" -M virt -cpu cortex-a57 -nographic -nic none -semihosting -kernel "$elf" -append "$iters")
      expect="^PASS $1" ;;
    xtest)
      cmd_jaffa=("${jaffa[@]}" xtest "${jaffa_opts[@]}")
      expect='^[0-9]+ passed, 0 failed' ;;
  esac
}

out="$(mktemp -d "${TMPDIR:-/tmp}/vs-qemu.XXXXXX")"
if want shell; then
  # The initramfs `jaffa linux -- true` gives the kernel: the root file system inflated, then an
  # archive holding /jaffa/command.
  mkdir -p "$out/cmd/jaffa" "$out/share"
  echo true > "$out/cmd/jaffa/command"
  gzip -dc "$linux_dir/rootfs.gz" > "$out/shell.cpio"
  (cd "$out/cmd" && printf 'jaffa\njaffa/command\n' | cpio -o -H newc --quiet) >> "$out/shell.cpio"
fi
# Runs "$@" with stdin from /dev/null, output in $out/$tag.log; appends "wall cpu" to $out/$tag.times.
timed() {
  local tag="$1" status=0 t; shift
  local TIMEFORMAT='%3R %3U %3S'
  t=$( { time "$@" </dev/null >"$out/$tag.log" 2>&1; } 2>&1 ) || status=$?
  if [ $status -ne 0 ] || ! grep -Eq -- "$expect" "$out/$tag.log"; then
    echo "vs-qemu: FAILED ($tag, exit status $status, expected output /$expect/): $*" >&2
    tail -n 25 "$out/$tag.log" >&2
    die "output kept in $out"
  fi
  t=$(tail -n 1 <<< "$t")
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<< "$t" >> "$out/$tag.times"
}

median() {   # column $2 of file $1
  sort -g -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

rows=()
for w in "${workloads[@]}"; do
  commands "$w"
  for ((i = 1; i <= runs; i++)); do
    echo "vs-qemu: $w run $i/$runs: jaffa" >&2
    timed "$w-jaffa-$i" "${cmd_jaffa[@]}"
    cat "$out/$w-jaffa-$i.times" >> "$out/$w-jaffa.times"
    if [ ${#cmd_qemu[@]} -gt 0 ]; then
      echo "vs-qemu: $w run $i/$runs: qemu" >&2
      timed "$w-qemu-$i" "${cmd_qemu[@]}"
      cat "$out/$w-qemu-$i.times" >> "$out/$w-qemu.times"
    fi
  done
  # The guests' checksum lines must agree across every run of both emulators.
  if [ "$w" = bench ] || [ "$w" = coremix ]; then
    sums=$(cat "$out/$w"-*.log | tr -d '\r' | grep "^$w checksum" | sort -u)
    [ "$(wc -l <<< "$sums")" = 1 ] || { echo "$sums" >&2; die "$w: checksums differ between runs (logs in $out)"; }
  fi
  jw=$(median "$out/$w-jaffa.times" 1); jc=$(median "$out/$w-jaffa.times" 2)
  if [ ${#cmd_qemu[@]} -gt 0 ]; then
    qw=$(median "$out/$w-qemu.times" 1); qc=$(median "$out/$w-qemu.times" 2)
    rw=$(awk -v a="$jw" -v b="$qw" 'BEGIN { printf "%.2f", a / b }')
    rc=$(awk -v a="$jc" -v b="$qc" 'BEGIN { printf "%.2f", a / b }')
  else
    qw=n/a; qc=n/a; rw=n/a; rc=n/a
  fi
  case "$w" in
    linux) label="linux ($(cat "$linux_dir/kernel-version" 2>/dev/null || echo kernel) + busybox /init to power-off)" ;;
    shell) label="shell (the same kernel + glibc root file system, \`true\`, power-off: \`jaffa linux -- true\`)" ;;
    bench) label="bench ($BENCH_ITERS iterations)" ;;
    coremix) label="coremix ($COREMIX_ITERS iterations)" ;;
    xtest) label="xtest ($(grep -Eom1 '^[0-9]+ passed' "$out/xtest-jaffa-1.log" | cut -d' ' -f1) FF-A cases)" ;;
  esac
  rows+=("| $label | $jw | $jc | $qw | $qc | $rw | $rc |")
done

jver=$("$JAVA" -version 2>&1 | head -n 1)
qver=n/a; [ $need_qemu = 0 ] || qver=$("$QEMU" --version | head -n 1)
echo "Jaffa $(git -C "$home" describe --always --dirty 2>/dev/null || echo '?')${jaffa_opts[*]:+ (${jaffa_opts[*]})}" \
  "on $jver; $qver; median of $runs run(s); $(nproc) CPUs," \
  "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| Workload | Jaffa wall s | Jaffa user+sys s | QEMU wall s | QEMU user+sys s | Wall ratio | CPU ratio |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
rm -rf "$out"
