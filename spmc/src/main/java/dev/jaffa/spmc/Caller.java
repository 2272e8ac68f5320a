package dev.jaffa.spmc;

import dev.jaffa.interp.snapshot.NotState;

import dev.jaffa.monitor.CpuContext;
import dev.jaffa.monitor.Ffa;

/**
 * Who makes an FF-A call, as one ABI handler sees every caller (Hafnium's "current" VM): the
 * normal world, reaching the SPMC through the SPMD, or a partition, through SVC. Its endpoint ID,
 * its RX/TX buffers (physical addresses for the normal world, virtual for a partition), the FF-A
 * version it negotiated, and the context it resumes from when the SPMC gives it the CPU again.
 */
class Caller {
    /** Caller kinds, as bits so the ABI table can say which kinds may call an ABI. */
    static final int NORMAL_WORLD = 1, PARTITION = 2;

    @NotState("configuration")
    final String name;
    @NotState("configuration")
    final int id;
    @NotState("configuration")
    final int kind;
    final Mailbox mailbox = new Mailbox();
    /** The negotiated FF-A version (major << 16 | minor). */
    int version;
    /** Where execution resumes when the SPMC next gives this caller the CPU. */
    CpuContext context;

    Caller(String name, int id, int kind, int version) {
        this.name = name;
        this.id = id;
        this.kind = kind;
        this.version = version;
    }

    /** The normal world: VM ID 0 (there is no hypervisor), a v1.0 caller until it negotiates. */
    static Caller normalWorld() {
        Caller c = new Caller("ns", Ffa.NS_ENDPOINT_ID, NORMAL_WORLD, Ffa.VERSION_1_0);
        c.context = new CpuContext();
        return c;
    }

    boolean isNormalWorld() { return kind == NORMAL_WORLD; }

    /** This caller as an S-EL0 partition (address space, manifest, state), or null: the normal world (logical partitions make no calls). */
    Partition partition() { return null; }
}
