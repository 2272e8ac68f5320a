#!/bin/bash
# The suite `jaffa ts` runs inside Linux (platform/.../TrustedServices.java puts it at /jaffa/ts
# with the project's Linux programs in bin/, the jaffa-ffa-user module and the list of partitions
# the SPMC offers: "ID UUID NAME" per line). Checks what Linux's own FF-A drivers made of the
# partitions, binds the rest to jaffa-ffa-user, runs every program; with --ts-linux, then installs
# and runs the user's Trusted Services programs (ts-linux.sh); one line per case as `jaffa xtest`
# prints them, then "N passed, M failed". Exit status 0 only when nothing failed.
ts=/jaffa/ts
# The kernel's own messages (a driver's complaint about a refused request) stay in dmesg, not
# between the case lines.
dmesg -n 1
results=/tmp/jaffa-ts.results
: > "$results"
result() {  # NAME TITLE ok|FAILED:why|skipped:why
  case "$3" in
    ok) line="$1 $2 ... ok" ;;
    skipped:*) line="$1 $2 ... skipped (${3#skipped:})" ;;
    *) line="$1 $2 ... FAILED: ${3#FAILED:}" ;;
  esac
  echo "$line"
  echo "$line" >> "$results"
}
ffa=/sys/bus/arm_ffa/devices
# The FF-A bus by endpoint ID (it also lists Linux's own endpoint): device, UUID, bound driver.
# Bash builtins only: every process started costs time in an emulated guest.
declare -A dev uuid_of drv
scan() {
  local d id u l
  for d in "$ffa"/*; do
    read -r id < "$d/partition_id" || continue
    read -r u < "$d/uuid"
    l=""
    if [ -L "$d/driver" ] && cd -P "$d/driver" 2>/dev/null; then l=${PWD##*/}; cd "$OLDPWD" || exit 1; fi
    dev[$id]=$d; uuid_of[$id]=$u; drv[$id]=$l
  done
}
scan

# ffa_linux_001: every partition is on Linux's FF-A bus with its UUID.
missing=""
# (tstee's partitions may show the TS RPC UUID instead of their own.)
while read -r id uuid name; do
  if [ -z "${dev[$id]}" ]; then missing+=" $name($id) absent"
  elif [ "${uuid_of[$id]}" != "$uuid" ] && [ "${uuid_of[$id]}" != bdcd76d7-825e-4751-963b-86d4f84943ac ]; then
    missing+=" $name($id) has UUID ${uuid_of[$id]}"
  fi
done < "$ts/partitions"
result ffa_linux_001 "Linux's arm_ffa lists every partition" "${missing:+FAILED:$missing}${missing:-ok}"

# ffa_linux_002: OP-TEE's endpoint gives optee's /dev/tee0; tstee one /dev/teeN per TS RPC endpoint.
if [ "${drv[0x8001]}" != optee ]; then
  result ffa_linux_002 "TEE devices of optee and tstee" "FAILED:OP-TEE's endpoint 0x8001 is not bound to optee"
else
  tstee=0
  for id in "${!drv[@]}"; do [ "${drv[$id]}" = arm_tstee ] && tstee=$((tstee + 1)); done
  tees=0; for t in /dev/tee[0-9]*; do [ -c "$t" ] && tees=$((tees + 1)); done
  if [ "$tees" -eq $((tstee + 1)) ]; then result ffa_linux_002 "TEE devices of optee and tstee" ok
  else result ffa_linux_002 "TEE devices of optee and tstee" "FAILED:$tees /dev/teeN for optee and $tstee tstee endpoints"
  fi
fi

# The project's module takes the partitions no upstream driver bound (spm-test, the test LSP, smm-gateway).
uuids=""
while read -r id uuid name; do
  [ -n "${dev[$id]}" ] && [ -z "${drv[$id]}" ] && [[ ",$uuids," != *",$uuid,"* ]] && uuids+="${uuids:+,}$uuid"
done < "$ts/partitions"
if [ -f "$ts/jaffa-ffa-user.ko" ]; then
  if [ -z "$uuids" ] || insmod "$ts/jaffa-ffa-user.ko" "uuids=$uuids"; then
    scan
    unbound=""
    while read -r id uuid name; do [ -n "${dev[$id]}" ] && [ -z "${drv[$id]}" ] && unbound+=" $name"; done < "$ts/partitions"
    result ffa_linux_003 "every partition is bound to a Linux driver" "${unbound:+FAILED:unbound:$unbound}${unbound:-ok}"
  else
    result ffa_linux_003 "every partition is bound to a Linux driver" "FAILED:insmod jaffa-ffa-user.ko uuids=$uuids failed"
  fi
else
  result ffa_linux_003 "every partition is bound to a Linux driver" "skipped:no jaffa-ffa-user.ko for this kernel"
fi

for p in "$ts"/bin/*; do
  [ -x "$p" ] || continue
  # A partition that never answers leaves its caller waiting while the guest idles, and idle
  # virtual time passes at once: a minute of it ends such a program (status 124) without a hang.
  timeout 60 "$p" | tee /tmp/jaffa-ts.out
  rc=${PIPESTATUS[0]}
  cat /tmp/jaffa-ts.out >> "$results"
  # A program that fails must say which case failed; one that dies or exits non-zero without
  # saying so is a failure of its own.
  if [ "$rc" -ne 0 ] && ! grep -q ' \.\.\. FAILED: ' /tmp/jaffa-ts.out; then
    result "$(basename "$p")" "runs to completion" "FAILED:exit status $rc"
  fi
done
[ -f "$ts/ts-linux" ] && . "$ts/ts-linux.sh"
passed=$(grep -c ' \.\.\. ok$' "$results")
failed=$(grep -c ' \.\.\. FAILED: ' "$results")
skipped=$(grep -c ' \.\.\. skipped (' "$results")
if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
[ "$failed" -eq 0 ]
