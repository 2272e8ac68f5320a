// SPDX-License-Identifier: GPL-2.0
/*
 * jaffa-ffa-user: the FF-A partitions named by the `uuids` parameter, reachable from userspace
 * through /dev/jaffa-ffa (jaffa_ffa_user.h): endpoint IDs by UUID, direct requests, memory shares
 * of kernel pages, and reads and writes of no-map reserved memory (partitions' fixed normal-world
 * buffers). Jaffa's Linux test programs use it; everything goes through Linux's arm_ffa driver.
 *
 * Locking: parts_sem guards the partition list and keeps each ffa_device alive while a call uses
 * it (readers: the ioctls; writers: probe and remove). shares_lock guards the share list; it is
 * taken after parts_sem. A partition's msg_lock serialises its direct requests, because the FID
 * width is a field of the ffa_device that each request sets.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/arm_ffa.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/overflow.h>
#include <linux/rwsem.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uuid.h>

#include "jaffa_ffa_user.h"

#define MAX_UUIDS 16
#define MAX_NWMEM_REGIONS 8

static char *uuids[MAX_UUIDS];
static int n_uuids;
module_param_array(uuids, charp, &n_uuids, 0444);
MODULE_PARM_DESC(uuids, "FF-A UUIDs of the partitions to bind, comma-separated (at most 16)");

/* One more than the parameter allows: the bus stops at the nil UUID. */
static struct ffa_device_id id_table[MAX_UUIDS + 1];

struct jffa_part {
	struct list_head node;		/* in parts, ascending ID */
	struct ffa_device *fdev;
	struct mutex msg_lock;		/* one direct request at a time: mode_32bit is per device */
};

struct jffa_file {
	unsigned int nshares;		/* under shares_lock */
};

struct jffa_share {
	struct list_head node;
	struct jffa_file *owner;	/* NULL: its file is closed and the reclaim was refused */
	u64 handle;
	u16 receiver;
	const struct ffa_ops *ops;
	unsigned int npages;
	struct page **pages;
};

static LIST_HEAD(parts);
static DECLARE_RWSEM(parts_sem);
static LIST_HEAD(shares);
static DEFINE_MUTEX(shares_lock);

static struct resource nwmem[MAX_NWMEM_REGIONS];
static unsigned int n_nwmem;

/* ---- partitions ------------------------------------------------------------------------------ */

static struct jffa_part *find_part(u16 id)	/* under parts_sem */
{
	struct jffa_part *p;

	list_for_each_entry(p, &parts, node)
		if (p->fdev->vm_id == id)
			return p;
	return NULL;
}

static int jffa_probe(struct ffa_device *fdev)
{
	struct jffa_part *p, *q;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->fdev = fdev;
	mutex_init(&p->msg_lock);
	down_write(&parts_sem);
	list_for_each_entry(q, &parts, node)
		if (q->fdev->vm_id > fdev->vm_id)
			break;
	list_add_tail(&p->node, &q->node);	/* before q, or last when q is the head */
	up_write(&parts_sem);
	ffa_dev_set_drvdata(fdev, p);
	dev_info(&fdev->dev, "partition 0x%04x (%pUb) bound\n", fdev->vm_id, &fdev->uuid);
	return 0;
}

static void free_share(struct jffa_share *s)	/* unlinked, reclaimed */
{
	unsigned int i;

	for (i = 0; i < s->npages; i++)
		__free_page(s->pages[i]);
	kfree(s->pages);
	kfree(s);
}

static void jffa_remove(struct ffa_device *fdev)
{
	struct jffa_part *p = ffa_dev_get_drvdata(fdev);
	struct jffa_share *s, *t;
	int rc;

	down_write(&parts_sem);
	list_del(&p->node);
	/*
	 * The FF-A driver may be going away with this device (its ops with it): reclaim what was
	 * shared with the partition now. Pages a partition still holds are never freed: leaked.
	 */
	mutex_lock(&shares_lock);
	list_for_each_entry_safe(s, t, &shares, node) {
		if (s->receiver != fdev->vm_id)
			continue;
		list_del(&s->node);
		if (s->owner)
			s->owner->nshares--;
		rc = s->ops->mem_ops->memory_reclaim(s->handle, 0);
		if (rc) {
			pr_warn("partition 0x%04x leaves with handle 0x%llx unreclaimed (%d): %u pages leaked\n",
				fdev->vm_id, s->handle, rc, s->npages);
			kfree(s);
			continue;
		}
		free_share(s);
	}
	mutex_unlock(&shares_lock);
	up_write(&parts_sem);
	mutex_destroy(&p->msg_lock);
	kfree(p);
}

static struct ffa_driver jffa_driver = {
	.name = "jaffa-ffa-user",
	.probe = jffa_probe,
	.remove = jffa_remove,
	.id_table = id_table,
};

static long ioc_partition(void __user *argp)
{
	struct jaffa_ffa_partition a;
	struct jffa_part *p;
	uuid_t uuid;
	u32 n = 0;
	long rc = -ENODEV;

	if (copy_from_user(&a, argp, sizeof(a)))
		return -EFAULT;
	if (a.reserved)
		return -EINVAL;
	memcpy(uuid.b, a.uuid, sizeof(uuid.b));
	down_read(&parts_sem);
	list_for_each_entry(p, &parts, node) {
		if (!uuid_equal(&p->fdev->uuid, &uuid))
			continue;
		if (n == a.index) {
			a.id = p->fdev->vm_id;
			a.properties = p->fdev->properties;
			rc = 0;
		}
		n++;
	}
	up_read(&parts_sem);
	if (rc)
		return rc;
	a.count = n;
	return copy_to_user(argp, &a, sizeof(a)) ? -EFAULT : 0;
}

/* ---- direct requests ------------------------------------------------------------------------- */

static long ioc_msg_send(void __user *argp)
{
	struct jaffa_ffa_msg a;
	struct ffa_send_direct_data d;
	struct jffa_part *p;
	bool w32, saved;
	long rc;
	int i;

	if (copy_from_user(&a, argp, sizeof(a)))
		return -EFAULT;
	if (a.reserved || (a.flags & ~JAFFA_FFA_MSG_32BIT))
		return -EINVAL;
	w32 = a.flags & JAFFA_FFA_MSG_32BIT;
	for (i = 0; w32 && i < 5; i++)
		if (a.args[i] > U32_MAX)
			return -EINVAL;
	d = (struct ffa_send_direct_data){ a.args[0], a.args[1], a.args[2], a.args[3], a.args[4] };

	down_read(&parts_sem);
	p = find_part(a.dst_id);
	if (!p) {
		rc = -ENODEV;
		goto out;
	}
	rc = mutex_lock_interruptible(&p->msg_lock);
	if (rc)
		goto out;
	saved = p->fdev->mode_32bit;
	p->fdev->mode_32bit = w32;
	rc = p->fdev->ops->msg_ops->sync_send_receive(p->fdev, &d);
	p->fdev->mode_32bit = saved;
	mutex_unlock(&p->msg_lock);
out:
	up_read(&parts_sem);
	if (rc)
		return rc;
	a.args[0] = d.data0;
	a.args[1] = d.data1;
	a.args[2] = d.data2;
	a.args[3] = d.data3;
	a.args[4] = d.data4;
	for (i = 0; w32 && i < 5; i++)
		a.args[i] = (u32)a.args[i];
	return copy_to_user(argp, &a, sizeof(a)) ? -EFAULT : 0;
}

/* ---- memory shares --------------------------------------------------------------------------- */

static struct jffa_share *find_share(struct jffa_file *f, u64 handle)	/* under shares_lock */
{
	struct jffa_share *s;

	list_for_each_entry(s, &shares, node)
		if (s->owner == f && s->handle == handle)
			return s;
	return NULL;
}

static bool valid_perm(u8 perm)
{
	/* FF-A memory access permissions: data [1:0], instruction [3:2]; 3 is reserved in both. */
	return !(perm & 0xF0) && (perm & 0x3) != 0x3 && ((perm >> 2) & 0x3) != 0x3;
}

static long ioc_share(struct jffa_file *f, void __user *argp)
{
	struct jaffa_ffa_share a;
	struct ffa_mem_region_attributes attr = {};
	struct ffa_mem_ops_args args = {};
	struct jffa_share *s;
	struct jffa_part *p;
	struct sg_table sgt;
	unsigned int i;
	long rc;

	if (copy_from_user(&a, argp, sizeof(a)))
		return -EFAULT;
	if (memchr_inv(a.reserved, 0, sizeof(a.reserved)) || !valid_perm(a.perm))
		return -EINVAL;
	if (!a.size || a.size > JAFFA_FFA_SHARE_MAX)
		return -EINVAL;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->npages = DIV_ROUND_UP(a.size, PAGE_SIZE);
	s->pages = kcalloc(s->npages, sizeof(*s->pages), GFP_KERNEL);
	if (!s->pages) {
		kfree(s);
		return -ENOMEM;
	}
	for (i = 0; i < s->npages; i++) {
		s->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!s->pages[i]) {
			s->npages = i;
			free_share(s);
			return -ENOMEM;
		}
	}
	rc = sg_alloc_table_from_pages(&sgt, s->pages, s->npages, 0,
				       (unsigned long)s->npages * PAGE_SIZE, GFP_KERNEL);
	if (rc) {
		free_share(s);
		return rc;
	}

	down_read(&parts_sem);
	mutex_lock(&shares_lock);
	p = find_part(a.dst_id);
	if (!p) {
		rc = -ENODEV;
		goto fail;
	}
	if (f->nshares >= JAFFA_FFA_SHARES_PER_FILE) {
		rc = -ENOSPC;
		goto fail;
	}
	attr.receiver = a.dst_id;
	attr.attrs = a.perm ? a.perm : FFA_MEM_RW;
	args.use_txbuf = true;
	args.nattrs = 1;
	args.attrs = &attr;
	args.sg = sgt.sgl;
	rc = p->fdev->ops->mem_ops->memory_share(&args);
	if (rc)
		goto fail;
	s->owner = f;
	s->handle = args.g_handle;
	s->receiver = a.dst_id;
	s->ops = p->fdev->ops;
	a.size = (u64)s->npages * PAGE_SIZE;
	a.handle = s->handle;
	if (copy_to_user(argp, &a, sizeof(a))) {
		/* The caller cannot name it: take it back at once. */
		rc = s->ops->mem_ops->memory_reclaim(s->handle, 0);
		if (rc)
			kfree(s);	/* not ours any more: pages leaked rather than freed */
		else
			free_share(s);
		rc = -EFAULT;
		s = NULL;
		goto fail;
	}
	list_add_tail(&s->node, &shares);
	f->nshares++;
	mutex_unlock(&shares_lock);
	up_read(&parts_sem);
	sg_free_table(&sgt);
	return 0;
fail:
	mutex_unlock(&shares_lock);
	up_read(&parts_sem);
	sg_free_table(&sgt);
	if (s)
		free_share(s);
	return rc;
}

static long ioc_reclaim(struct jffa_file *f, void __user *argp)
{
	struct jaffa_ffa_reclaim a;
	struct jffa_share *s;
	long rc;

	if (copy_from_user(&a, argp, sizeof(a)))
		return -EFAULT;
	if (a.reserved || (a.flags & ~3u))
		return -EINVAL;
	mutex_lock(&shares_lock);
	s = find_share(f, a.handle);
	if (!s) {
		rc = -EINVAL;
		goto out;
	}
	rc = s->ops->mem_ops->memory_reclaim(s->handle, a.flags);
	if (rc)
		goto out;
	list_del(&s->node);
	f->nshares--;
	free_share(s);
out:
	mutex_unlock(&shares_lock);
	return rc;
}

static long ioc_shm_io(struct jffa_file *f, void __user *argp, bool write)
{
	struct jaffa_ffa_shm_io a;
	struct jffa_share *s;
	u64 end, off, done = 0;
	long rc = 0;

	if (copy_from_user(&a, argp, sizeof(a)))
		return -EFAULT;
	if (check_add_overflow(a.offset, a.len, &end))
		return -EINVAL;
	mutex_lock(&shares_lock);
	s = find_share(f, a.handle);
	if (!s || end > (u64)s->npages * PAGE_SIZE) {
		rc = -EINVAL;
		goto out;
	}
	while (done < a.len) {
		void __user *ubuf = u64_to_user_ptr(a.buf + done);
		size_t in_page, n;
		void *k;

		off = a.offset + done;
		in_page = off & (PAGE_SIZE - 1);
		n = min_t(u64, PAGE_SIZE - in_page, a.len - done);
		k = page_address(s->pages[off >> PAGE_SHIFT]) + in_page;
		if (write ? copy_from_user(k, ubuf, n) : copy_to_user(ubuf, k, n)) {
			rc = -EFAULT;
			break;
		}
		done += n;
	}
out:
	mutex_unlock(&shares_lock);
	return rc;
}

/* ---- no-map reserved memory ------------------------------------------------------------------ */

static void find_nwmem(void)
{
	struct device_node *rmem, *np;

	rmem = of_find_node_by_path("/reserved-memory");
	if (!rmem)
		return;
	for_each_available_child_of_node(rmem, np) {
		struct resource r;

		if (!of_property_read_bool(np, "no-map") || of_address_to_resource(np, 0, &r))
			continue;
		/* Belt and braces: never anything the kernel counts as its RAM. */
		if (region_intersects(r.start, resource_size(&r), IORESOURCE_SYSTEM_RAM,
				      IORES_DESC_NONE) != REGION_DISJOINT)
			continue;
		if (n_nwmem == MAX_NWMEM_REGIONS) {
			of_node_put(np);
			break;
		}
		nwmem[n_nwmem++] = r;
		pr_info("no-map region %pR (%pOFn) reachable\n", &r, np);
	}
	of_node_put(rmem);
}

static long ioc_nwmem_io(void __user *argp, bool write)
{
	struct jaffa_ffa_nwmem_io a;
	u64 last;
	unsigned int i;
	void *map;
	long rc = -EINVAL;

	if (copy_from_user(&a, argp, sizeof(a)))
		return -EFAULT;
	if (!a.len || a.len > JAFFA_FFA_NWMEM_MAX || check_add_overflow(a.addr, a.len - 1, &last))
		return -EINVAL;
	for (i = 0; i < n_nwmem; i++)
		if (a.addr >= nwmem[i].start && last <= nwmem[i].end)
			rc = 0;
	if (rc)
		return rc;
	map = memremap(a.addr, a.len, MEMREMAP_WB);
	if (!map)
		return -ENOMEM;
	if (write)
		rc = copy_from_user(map, u64_to_user_ptr(a.buf), a.len) ? -EFAULT : 0;
	else
		rc = copy_to_user(u64_to_user_ptr(a.buf), map, a.len) ? -EFAULT : 0;
	memunmap(map);
	return rc;
}

/* ---- the character device -------------------------------------------------------------------- */

static int jffa_open(struct inode *inode, struct file *file)
{
	struct jffa_file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	file->private_data = f;
	return 0;
}

static int jffa_release(struct inode *inode, struct file *file)
{
	struct jffa_file *f = file->private_data;
	struct jffa_share *s, *t;
	int rc;

	/* This file's shares, and those of files closed earlier that were still retrieved then. */
	mutex_lock(&shares_lock);
	list_for_each_entry_safe(s, t, &shares, node) {
		if (s->owner != f && s->owner)
			continue;
		rc = s->ops->mem_ops->memory_reclaim(s->handle, 0);
		if (rc) {
			/* Still retrieved: kept; retried at later closes and at remove. */
			if (s->owner)
				pr_warn("handle 0x%llx (partition 0x%04x) still retrieved at close (%d): kept\n",
					s->handle, s->receiver, rc);
			s->owner = NULL;
			continue;
		}
		list_del(&s->node);
		free_share(s);
	}
	mutex_unlock(&shares_lock);
	kfree(f);
	return 0;
}

static long jffa_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct jffa_file *f = file->private_data;
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case JAFFA_FFA_IOC_PARTITION:
		return ioc_partition(argp);
	case JAFFA_FFA_IOC_MSG_SEND:
		return ioc_msg_send(argp);
	case JAFFA_FFA_IOC_SHARE:
		return ioc_share(f, argp);
	case JAFFA_FFA_IOC_RECLAIM:
		return ioc_reclaim(f, argp);
	case JAFFA_FFA_IOC_SHM_READ:
		return ioc_shm_io(f, argp, false);
	case JAFFA_FFA_IOC_SHM_WRITE:
		return ioc_shm_io(f, argp, true);
	case JAFFA_FFA_IOC_NWMEM_READ:
		return ioc_nwmem_io(argp, false);
	case JAFFA_FFA_IOC_NWMEM_WRITE:
		return ioc_nwmem_io(argp, true);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations jffa_fops = {
	.owner = THIS_MODULE,
	.open = jffa_open,
	.release = jffa_release,
	.unlocked_ioctl = jffa_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice jffa_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "jaffa-ffa",
	.fops = &jffa_fops,
	.mode = 0600,
};

static int __init jffa_init(void)
{
	int i, rc;

	/* The UAPI's layouts are fixed: the same for 32- and 64-bit callers (compat_ptr_ioctl). */
	BUILD_BUG_ON(sizeof(struct jaffa_ffa_partition) != 32);
	BUILD_BUG_ON(sizeof(struct jaffa_ffa_msg) != 48);
	BUILD_BUG_ON(sizeof(struct jaffa_ffa_share) != 24);
	BUILD_BUG_ON(sizeof(struct jaffa_ffa_reclaim) != 16);
	BUILD_BUG_ON(sizeof(struct jaffa_ffa_shm_io) != 32);
	BUILD_BUG_ON(sizeof(struct jaffa_ffa_nwmem_io) != 24);

	for (i = 0; i < n_uuids; i++) {
		if (uuid_parse(uuids[i], &id_table[i].uuid) || uuid_is_null(&id_table[i].uuid)) {
			pr_err("uuids: '%s' is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, not nil)\n",
			       uuids[i]);
			return -EINVAL;
		}
	}
	if (!n_uuids)
		pr_warn("no uuids=: binding no partition\n");
	find_nwmem();
	rc = misc_register(&jffa_misc);
	if (rc)
		return rc;
	rc = ffa_register(&jffa_driver);
	if (rc) {
		misc_deregister(&jffa_misc);
		return rc;
	}
	return 0;
}

static void __exit jffa_exit(void)
{
	/* No file is open (the module is busy while one is): remove() reclaims what is left. */
	ffa_unregister(&jffa_driver);
	misc_deregister(&jffa_misc);
}

module_init(jffa_init);
module_exit(jffa_exit);

MODULE_DESCRIPTION("FF-A direct requests and memory sharing for userspace (Jaffa's tests)");
MODULE_LICENSE("GPL");
MODULE_VERSION("1.0.0");
