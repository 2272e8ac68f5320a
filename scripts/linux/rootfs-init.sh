#!/bin/busybox sh
# /init of the `jaffa linux` root file system (scripts/fetch-linux.sh): Debian's glibc userspace
# with busybox for what Debian's packages do not provide. Loads the device modules, mounts the
# host share, then runs the command `jaffa linux -- COMMAND` put in /jaffa/command (an extra
# initramfs archive) and reports its status, or starts an interactive shell.
/bin/busybox mkdir -p /usr/libexec/busybox
/bin/busybox --install -s /usr/libexec/busybox
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/usr/libexec/busybox
export HOME=/root TERM="${TERM:-vt100}"
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev 2>/dev/null
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
mount -t tmpfs tmp /tmp
hostname -F /etc/hostname
loglevel=$(cut -f1 /proc/sys/kernel/printk)
dmesg -n 1
for m in $(cat /lib/modules/load-order); do insmod "$m" 2>/dev/null; done
dmesg -n "$loglevel"
# The host directory `jaffa linux` shares (tag "host"), as the FVP flow mounts it.
for t in /sys/bus/virtio/drivers/9pnet_virtio/*/mount_tag; do
  [ -f "$t" ] && [ "$(tr -d '\0' < "$t")" = host ] && \
    mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 host /mnt/host && break
done
grep -q " /mnt/host " /proc/mounts && cd /mnt/host
if [ -f /jaffa/command ]; then
  /bin/bash /jaffa/command
  echo "jaffa-linux-exit-status=$?"
else
  echo "jaffa: Debian $(cat /proc/sys/kernel/osrelease) userspace; 'poweroff' ends the run"
  # The console's own device (not /dev/console) as the shell's controlling terminal, so job
  # control works and Ctrl-C reaches the foreground job.
  tty=$(cut -d' ' -f1 /sys/class/tty/console/active 2>/dev/null)
  [ -c "/dev/$tty" ] || tty=console
  # busybox's poweroff, halt and reboot signal PID 1 (USR2, USR1, TERM); this script is PID 1, and
  # the shell runs in the background so that a signal interrupts the wait.
  trap 'sync; poweroff -f' USR1 USR2
  trap 'sync; reboot -f' TERM
  setsid -c /bin/bash -l <>"/dev/$tty" >&0 2>&0 &
  wait $!
fi
sync
poweroff -f
