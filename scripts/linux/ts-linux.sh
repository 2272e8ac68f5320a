# Sourced by ts-suite.sh when `jaffa ts --ts-linux DIR` shares a Trusted Services arm-linux install
# tree (bin/, lib/, kmod/) with the 9p tag in $ts/ts-linux. The FVP's flow with the user's own
# binaries: install bin/ and lib/ under /usr, load kmod/arm-ffa-user.ko as its load_module.sh
# does, run the upstream programs found there; one case line each (xtest: one per ffa_spmc case).
tl=/mnt/ts-linux
read -r tag < "$ts/ts-linux"
install=ok
if ! { mkdir -p "$tl" && mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,ro "$tag" "$tl"; }; then
  install="FAILED:cannot mount the host share (tag $tag)"
elif [ ! -d "$tl/bin" ]; then
  install="FAILED:no bin/ in the tree"
else
  # lib/ where Debian's loader looks without an ld.so.cache entry; bin/ on PATH.
  { [ ! -d "$tl/lib" ] || cp -a "$tl/lib/." /usr/lib/aarch64-linux-gnu/; } && cp -a "$tl/bin/." /usr/bin/ \
    || install="FAILED:copying bin/ or lib/ failed"
fi
result ts_linux_001 "the Trusted Services tree is installed (bin/ on PATH, lib/ on the loader path)" "$install"

# arm-ffa-user wants the partitions jaffa-ffa-user took (spm-test, the test LSP, smm-gateway).
# The project's programs are done with them: jaffa-ffa-user makes way, as on the FVP, where only
# arm-ffa-user is loaded.
km=$tl/kmod
name="arm-ffa-user binds the partitions of kmod/sp_uuid_list.txt (kmod/load_module.sh)"
if [ ! -f "$km/arm-ffa-user.ko" ]; then
  result ts_linux_002 "$name" "skipped:no kmod/arm-ffa-user.ko in the tree"
elif grep -qs '^jaffa_ffa_user ' /proc/modules && ! rmmod jaffa_ffa_user; then
  result ts_linux_002 "$name" "FAILED:rmmod jaffa_ffa_user failed"
else
  if [ -f "$km/load_module.sh" ]; then
    sh "$km/load_module.sh" > /tmp/ts-linux.out 2>&1
  else
    { insmod "$km/arm-ffa-user.ko" "uuid_str_list=$(cat "$km/sp_uuid_list.txt")"
      grep -qs debugfs /proc/mounts || mount -t debugfs debugfs /sys/kernel/debug; } > /tmp/ts-linux.out 2>&1
  fi
  if ! grep -qs '^arm_ffa_user ' /proc/modules; then
    result ts_linux_002 "$name" "FAILED:arm-ffa-user is not loaded: $(tr '\n' ' ' < /tmp/ts-linux.out)"
  else
    scan
    read -r list < "$km/sp_uuid_list.txt"
    unbound=""
    while read -r id _ pname; do
      [ -n "${dev[$id]}" ] && [[ ",$list," == *",${uuid_of[$id]},"* ]] && [ -z "${drv[$id]}" ] && unbound+=" $pname"
    done < "$ts/partitions"
    result ts_linux_002 "$name" "${unbound:+FAILED:unbound:$unbound}${unbound:-ok}"
  fi
fi

# Runs an upstream program (a minute of virtual time is too little for RSA key generation in a
# partition: ten); its output goes to /tmp/ts-linux.out, shown (the tail) only when it failed.
upstream() {
  timeout 600 "$@" > /tmp/ts-linux.out 2>&1
  rc=$?
}
shown() {
  tail -n 40 /tmp/ts-linux.out | while IFS= read -r l; do echo "# $l"; done
}

if [ -f "$tl/bin/ts-demo" ]; then
  upstream ts-demo
  if [ "$rc" -eq 0 ]; then result ts_demo "ts-demo (crypto and ITS through libts and tstee)" ok
  else shown; result ts_demo "ts-demo (crypto and ITS through libts and tstee)" "FAILED:exit status $rc"
  fi
fi

if [ -f "$tl/bin/xtest" ]; then
  upstream xtest -t ffa_spmc
  # "* NAME TITLE" opens a case; "NAME OK" in the closing list is its result. A case that could
  # not reach its partitions still prints OK, with a "Failed to initialise test" or "Could not
  # contact" line: it did not run, and neither did a run of 0 subtests.
  declare -A xtitle=() xresult=() xbad=()
  order=() cur="" subtests="" subfailed="" bad=""
  while IFS= read -r l; do
    case "$l" in
      "* ffa_spmc_"*) l=${l#\* }; cur=${l%% *}; xtitle[$cur]=${l#* }; order+=("$cur") ;;
      *"Failed to initialise test"*|*"Could not contact"*|*"Failed to open TEE context"*)
        bad=$l; [ -n "$cur" ] && xbad[$cur]=$l ;;
      ffa_spmc_*" "*) xresult[${l%% *}]=${l#* } ;;
      *" subtests of which "*" failed") read -r subtests _ _ _ subfailed _ <<< "$l" ;;
    esac
  done < /tmp/ts-linux.out
  for c in "${order[@]}"; do
    if [ -n "${xbad[$c]}" ]; then result "xtest_$c" "${xtitle[$c]}" "FAILED:${xbad[$c]}"
    elif [ "${xresult[$c]}" = OK ]; then result "xtest_$c" "${xtitle[$c]}" ok
    else result "xtest_$c" "${xtitle[$c]}" "FAILED:xtest says ${xresult[$c]:-nothing}"
    fi
  done
  title="xtest -t ffa_spmc ran ${subtests:-no} subtests"
  if [ -n "$bad" ] || [ "${subtests:-0}" -eq 0 ] || [ "$subfailed" != 0 ] || [ "$rc" -ne 0 ]; then
    shown
    result xtest_ffa_spmc "$title" "FAILED:${subtests:-no} subtests, ${subfailed:-?} failed, exit status $rc${bad:+: $bad}"
  else
    result xtest_ffa_spmc "$title" ok
  fi
fi

if [ -f "$tl/bin/ts-service-test" ]; then
  upstream ts-service-test -v
  # CppUTest's summary: "OK (N tests, ...)" or "Errors (F failures, N tests, ...)".
  summary=$(grep -E '^(OK|Errors) \(' /tmp/ts-linux.out | tail -n 1)
  if [ "$rc" -eq 0 ] && [[ "$summary" == OK* ]]; then result ts_service_test "ts-service-test: $summary" ok
  else shown; result ts_service_test "ts-service-test${summary:+: $summary}" "FAILED:exit status $rc"
  fi
fi

for p in "$tl"/bin/psa-*-api-test; do
  [ -f "$p" ] || continue
  p=${p##*/}
  upstream "$p"
  # The PSA architecture test suites end with "TOTAL FAILED : N" and "TOTAL SIM ERROR : N".
  failures=$(grep -E '^TOTAL (FAILED|SIM ERROR) *: *[1-9]' /tmp/ts-linux.out | tr -s ' ' | paste -sd ';' -)
  tests=$(grep -E '^TOTAL TESTS *:' /tmp/ts-linux.out | tail -n 1 | tr -s ' ')
  if [ "$rc" -eq 0 ] && [ -z "$failures" ] && [ -n "$tests" ]; then result "${p//-/_}" "$p: $tests" ok
  else
    why="exit status $rc${failures:+; $failures}"
    [ -n "$tests" ] || why+="; no TOTAL TESTS line"
    shown; result "${p//-/_}" "$p${tests:+: $tests}" "FAILED:$why"
  fi
done
