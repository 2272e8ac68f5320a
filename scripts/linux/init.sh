#!/bin/busybox sh
# /init of the test initramfs (scripts/fetch-linux.sh): Debian's busybox-static, which uses
# FP/AdvSIMD throughout. Prints results that must equal QEMU's, then powers off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
# The virtio, ext4 and 9p modules (scripts/linux/modules.sh), loaded with the console quiet so the
# output stays comparable with QEMU's whatever devices the board has.
dmesg -n 1
for m in $(cat /lib/modules/load-order); do insmod "$m"; done
echo "jaffa-init: userspace up"
uname -srm
grep -m1 Features /proc/cpuinfo
echo "shell arithmetic: $((6 * 7)) $((1 << 40)) $(( -17 / 5 ))"
awk 'BEGIN { printf "awk: %.12f %.9g %g %g %d\n", 355 / 113, 1 / 3, 1e300 * 10, 3.0e-310 / 7, -7.9 }'
awk 'BEGIN { s = 0; for (i = 1; i <= 2000; i++) s += 1 / (i * i); printf "awk: sum=%.15f int=%d\n", s, 1e9 + 0.5 }'
echo "The quick brown fox jumps over the lazy dog" > /tmp/fox
sha256sum /tmp/fox
md5sum /tmp/fox
seq 1 2000 | sort -rn | head -3 | tr '\n' ' '; echo
dd if=/dev/zero bs=4096 count=64 2>/dev/null | gzip -c | wc -c
printf '%s\n' "printf: $(printf '%08.3f|%x|%o' 3.14159 255 8)"
ls /bin | wc -l
echo "jaffa-init: done"
poweroff -f
