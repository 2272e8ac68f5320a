#!/bin/busybox sh
# /init of the FF-A module check initramfs (scripts/linux/ffa-initrd.sh): loads Debian's tee and
# the FF-A modules scripts/build-ffa-modules.sh built, then the out-of-tree arm-ffa-user.ko when
# the image carries it, and reports each result and what the drivers found. Lines start with
# "ffa-check:" so a test can pick them out of the boot log.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
for m in $(cat /lib/modules/load-order); do
  if err=$(insmod "$m" 2>&1); then r=ok; else r="failed: $err"; fi
  echo "ffa-check: insmod $(basename "$m"): $r"
done
if [ -f /lib/modules/arm-ffa-user.ko ]; then
  if err=$(insmod /lib/modules/arm-ffa-user.ko "uuid_str_list=$(cat /lib/modules/sp_uuid_list.txt)" 2>&1); then
    r=ok; else r="failed: $err"; fi
  echo "ffa-check: insmod arm-ffa-user.ko: $r"
fi
echo "ffa-check: modules: $(cut -d' ' -f1 /proc/modules | tr '\n' ' ')"
echo "ffa-check: arm_ffa devices: $(ls /sys/bus/arm_ffa/devices 2>/dev/null | tr '\n' ' ')"
for d in /sys/bus/arm_ffa/devices/*; do
  [ -e "$d/uuid" ] || continue
  drv=$(readlink "$d/driver" 2>/dev/null) || drv=none
  echo "ffa-check: $(basename "$d") id $(cat "$d/partition_id") uuid $(cat "$d/uuid") driver $(basename "$drv")"
done
echo "ffa-check: tee devices: $(cd /dev && ls -d tee* 2>/dev/null | tr '\n' ' ')"
dmesg | grep -iE 'ffa|tee|optee|module|taint|ftrace|Unable to handle|Internal error' | sed 's/^/ffa-check: dmesg: /'
echo "ffa-check: done"
poweroff -f
