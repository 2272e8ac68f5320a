package dev.jaffa.interp.isa;

import static org.objectweb.asm.Opcodes.*;

import dev.jaffa.interp.Cpu;
import java.lang.invoke.MethodHandles;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * The interpreter's dispatch from a decoded row to its semantics: a class generated from the
 * table, one {@code tableswitch} case per row calling that row's semantics object, held in a
 * {@code static final} field of its own.
 *
 * <p>Why generated: calling {@code row.intSem.exec(...)} through the row is one interface call
 * site with some 600 receiver classes (a lambda class per row), which HotSpot dispatches through
 * an itable stub; on the compute guest that stub took a fifth of the interpreter's time. Here each
 * case is its own call site on a constant receiver, which C2 binds directly, as the old switch
 * over instruction forms called its static methods; and the list of cases is the table itself,
 * so nothing is kept by hand.
 *
 * <p>The cases are split over a few methods so that each stays under HotSpot's limit for
 * compiling a method (8000 bytes of bytecode); rows are numbered in table order ({@link A64Table#decodeId}).
 */
public abstract class RowDispatch {
    protected RowDispatch() {}

    /** Executes row {@code id} on {@code insn}: the FP access check first for an {@link Row#FP} row. */
    public abstract void exec(Cpu c, int insn, int id);

    /** Rows per case method: each case is at most 20 bytes of bytecode with its table entry. */
    private static final int CHUNK = 300;

    private static final String CPU = Type.getInternalName(Cpu.class);
    private static final String INT_SEM = Type.getInternalName(IntSemantics.class);
    private static final String SEM = Type.getInternalName(Semantics.class);
    private static final String OPS = "dev/jaffa/interp/integer/InterpOps";
    private static final String INT_OPS = "dev/jaffa/interp/integer/IntOps";

    /** Generates and instantiates the dispatcher of {@code rows} (row i has id i). */
    static RowDispatch generate(Row[] rows) {
        String name = Type.getInternalName(RowDispatch.class) + "$Switch";
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, ACC_FINAL | ACC_SUPER, name, null, Type.getInternalName(RowDispatch.class), null);

        MethodVisitor mv = cw.visitMethod(0, "<init>", "()V", null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKESPECIAL, Type.getInternalName(RowDispatch.class), "<init>", "()V", false);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();

        // static final fields: the semantics objects, constants to C2 (from the class data).
        mv = cw.visitMethod(ACC_STATIC, "<clinit>", "()V", null, null);
        mv.visitCode();
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup", "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
        mv.visitLdcInsn("_");
        mv.visitLdcInsn(Type.getType(Object[].class));
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "classData",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;", false);
        mv.visitTypeInsn(CHECKCAST, "[Ljava/lang/Object;");
        Object[] data = new Object[rows.length];
        for (int id = 0; id < rows.length; id++) {
            Row r = rows[id];
            String type = r.intSem != null ? INT_SEM : SEM;
            data[id] = r.intSem != null ? r.intSem : r.sem;
            cw.visitField(ACC_PRIVATE | ACC_STATIC | ACC_FINAL, "S" + id, "L" + type + ";", null, null).visitEnd();
            mv.visitInsn(DUP);
            mv.visitLdcInsn(id);
            mv.visitInsn(AALOAD);
            mv.visitTypeInsn(CHECKCAST, type);
            mv.visitFieldInsn(PUTSTATIC, name, "S" + id, "L" + type + ";");
        }
        mv.visitInsn(POP);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();

        // exec: which case method holds the row (a compare per chunk; two chunks today).
        int chunks = (rows.length + CHUNK - 1) / CHUNK;
        String desc = "(L" + CPU + ";II)V";
        mv = cw.visitMethod(ACC_PUBLIC | ACC_FINAL, "exec", desc, null, null);
        mv.visitCode();
        for (int k = 0; k < chunks; k++) {
            Label next = new Label();
            if (k < chunks - 1) {
                mv.visitVarInsn(ILOAD, 3);
                mv.visitLdcInsn((k + 1) * CHUNK);
                mv.visitJumpInsn(IF_ICMPGE, next);
            }
            mv.visitVarInsn(ALOAD, 1);
            mv.visitVarInsn(ILOAD, 2);
            mv.visitVarInsn(ILOAD, 3);
            mv.visitMethodInsn(INVOKESTATIC, name, "rows" + k, desc, false);
            mv.visitInsn(RETURN);
            mv.visitLabel(next);
        }
        mv.visitMaxs(0, 0);
        mv.visitEnd();

        for (int k = 0; k < chunks; k++) {
            int from = k * CHUNK, to = Math.min(rows.length, from + CHUNK);
            mv = cw.visitMethod(ACC_PRIVATE | ACC_STATIC, "rows" + k, desc, null, null);
            mv.visitCode();
            Label[] cases = new Label[to - from];
            for (int j = 0; j < cases.length; j++) cases[j] = new Label();
            Label none = new Label();
            mv.visitVarInsn(ILOAD, 2);
            mv.visitTableSwitchInsn(from, to - 1, none, cases);
            for (int id = from; id < to; id++) {
                Row r = rows[id];
                mv.visitLabel(cases[id - from]);
                if (r.intSem != null) {
                    mv.visitFieldInsn(GETSTATIC, name, "S" + id, "L" + INT_SEM + ";");
                    mv.visitVarInsn(ALOAD, 0);
                    mv.visitFieldInsn(GETFIELD, CPU, "ops", "L" + OPS + ";");
                    mv.visitVarInsn(ILOAD, 1);
                    mv.visitMethodInsn(INVOKEINTERFACE, INT_SEM, "exec", "(L" + INT_OPS + ";I)V", true);
                } else {
                    if ((r.flags() & Row.FP) != 0) {
                        mv.visitVarInsn(ALOAD, 0);
                        mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "checkFpEnabled", "()V", false);
                    }
                    mv.visitFieldInsn(GETSTATIC, name, "S" + id, "L" + SEM + ";");
                    mv.visitVarInsn(ALOAD, 0);
                    mv.visitVarInsn(ILOAD, 1);
                    mv.visitMethodInsn(INVOKEINTERFACE, SEM, "exec", "(L" + CPU + ";I)V", true);
                }
                mv.visitInsn(RETURN);
            }
            mv.visitLabel(none);   // not a row number: a caller's bug
            mv.visitTypeInsn(NEW, "java/lang/IllegalArgumentException");
            mv.visitInsn(DUP);
            mv.visitMethodInsn(INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>", "()V", false);
            mv.visitInsn(ATHROW);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        cw.visitEnd();
        try {
            MethodHandles.Lookup l = MethodHandles.lookup().defineHiddenClassWithClassData(cw.toByteArray(), data, true);
            return (RowDispatch) l.findConstructor(l.lookupClass(), java.lang.invoke.MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot generate the row dispatcher", e);
        }
    }
}
