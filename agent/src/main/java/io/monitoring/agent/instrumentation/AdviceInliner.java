package io.monitoring.agent.instrumentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LocalVariableAnnotationNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Copies one advice's enter and exit code into one library method, as Byte Buddy's {@code Advice} did:
 *
 * <pre>
 *   enter advice          (its return value kept in a new local right after the parameters; the method's own locals
 *                          move up to make room, and every stack map frame of the method with them)
 *   the method's code     (each return stores its value and jumps to the exit; with onThrowable, one handler,
 *                          last in the exception table, catches what escapes)
 *   exit advice           (then returns the value, or rethrows what was thrown)
 * </pre>
 *
 * Advice locals live above everything the method uses. An advice parameter is a local the value is copied into before
 * the advice runs and, where writable, copied back from after it. With {@code suppress}, a throwable from the advice is
 * counted by {@code AgentErrors.record} under the instrumentation's name and the method runs on, the enter value
 * being its type's default. Frames are written expanded ({@code F_NEW}) and compressed by ASM's writer; class files
 * older than Java 6 get none, as they had none. A jump to the very next instruction is kept: it is what keeps the
 * try range of an empty method ({@code void m() {}}, whose only instruction is its return) from being empty, which
 * the JVM refuses with a {@code ClassFormatError}.
 */
final class AdviceInliner {
  private static final String THROWABLE = "java/lang/Throwable";
  private static final String AGENT_ERRORS = "io/monitoring/agent/bootstrap/AgentErrors";
  private static final Integer TOP = Opcodes.TOP;
  private static final String OBJECT = "Ljava/lang/Object;";

  private final DeclaredType owner;
  private final MethodNode method;
  private final AdviceMethod enter;
  private final AdviceMethod exit;
  private final String instrumentation;
  private final boolean frames;
  private final boolean isStatic;
  private final boolean isConstructor;
  private final Type[] arguments;
  private final int[] argumentSlots;
  private final Type returnType;
  private final int parametersSize;
  private final Type enterType;
  private final int enterSlot;
  private int returnSlot;
  private int thrownSlot;
  private int adviceBase;

  private AdviceInliner(DeclaredType owner, MethodNode method, AdviceMethod enter, AdviceMethod exit, String instrumentation) {
    this.owner = owner;
    this.method = method;
    this.enter = enter;
    this.exit = exit;
    this.instrumentation = instrumentation;
    this.frames = (owner.version & 0xFFFF) >= Opcodes.V1_6;
    this.isStatic = (method.access & Opcodes.ACC_STATIC) != 0;
    this.isConstructor = method.name.equals("<init>");
    this.arguments = Type.getArgumentTypes(method.desc);
    this.argumentSlots = new int[arguments.length];
    int slot = isStatic ? 0 : 1;
    for (int i = 0; i < arguments.length; i++) {
      argumentSlots[i] = slot;
      slot += arguments[i].getSize();
    }
    this.parametersSize = slot;
    this.returnType = Type.getReturnType(method.desc);
    this.enterType = enter == null ? Type.VOID_TYPE : enter.returnType;
    this.enterSlot = parametersSize;
  }

  /** Weaves {@code enter} (may be null) and {@code exit} (may be null) into {@code method}, which has code. */
  static void weave(DeclaredType owner, MethodNode method, AdviceMethod enter, AdviceMethod exit, String instrumentation) {
    new AdviceInliner(owner, method, enter, exit, instrumentation).weave();
  }

  private void weave() {
    if (exit != null && exit.onThrowable && isConstructor) {
      throw new IllegalStateException(exit.name + ": a constructor's exceptions cannot be caught around its super call");
    }
    if (!frames) {
      // no frames before Java 6: the advice's own go too
      removeFrames(method.instructions);
    }
    AbstractInsnNode[] original = method.instructions.toArray();
    makeRoomForEnterValue(original);
    returnSlot = method.maxLocals;
    thrownSlot = returnSlot + returnType.getSize();
    adviceBase = exit == null ? returnSlot : thrownSlot + 1;
    LabelNode startOriginal = new LabelNode();
    LabelNode endOriginal = new LabelNode();
    LabelNode returned = new LabelNode();
    if (exit != null) {
      for (AbstractInsnNode insn : original) {
        if (insn.getOpcode() >= Opcodes.IRETURN && insn.getOpcode() <= Opcodes.RETURN) {
          if (returnType.getSort() != Type.VOID) {
            method.instructions.insertBefore(insn, new VarInsnNode(returnType.getOpcode(Opcodes.ISTORE), returnSlot));
          }
          method.instructions.set(insn, new JumpInsnNode(Opcodes.GOTO, returned));
        }
      }
    }
    InsnList head = new InsnList();
    if (enter != null) {
      head.add(enterBlock());
    }
    head.add(startOriginal);
    method.instructions.insert(head);
    method.instructions.add(endOriginal);
    if (exit != null) {
      method.instructions.add(exitBlock(returned, startOriginal, endOriginal));
    }
    int adviceLocals = Math.max(enter == null ? 0 : enter.code.maxLocals, exit == null ? 0 : exit.code.maxLocals);
    int adviceStack = Math.max(enter == null ? 0 : enter.code.maxStack, exit == null ? 0 : exit.code.maxStack);
    method.maxLocals = adviceBase + adviceLocals;
    // copying in every argument boxed needs array, array, index and a wide value
    method.maxStack = Math.max(method.maxStack, Math.max(adviceStack, 5));
    keepLastOfConsecutiveFrames();
  }

  /** The enter value's slot goes right after the parameters: every local above moves up by its size. */
  private void makeRoomForEnterValue(AbstractInsnNode[] original) {
    int size = enterType.getSize();
    method.maxLocals += size;
    if (size == 0) {
      return;
    }
    for (AbstractInsnNode insn : original) {
      if (insn instanceof VarInsnNode && ((VarInsnNode) insn).var >= parametersSize) {
        ((VarInsnNode) insn).var += size;
      } else if (insn instanceof IincInsnNode && ((IincInsnNode) insn).var >= parametersSize) {
        ((IincInsnNode) insn).var += size;
      } else if (insn instanceof FrameNode && insn.getType() == AbstractInsnNode.FRAME) {
        FrameNode frame = (FrameNode) insn;
        List<Object> slots = slots(frame.local);
        while (slots.size() < parametersSize) {
          slots.add(TOP);
        }
        slots.addAll(parametersSize, slotsOf(enterType));
        frame.local = entries(slots);
      }
    }
    if (method.localVariables != null) {
      for (LocalVariableNode local : method.localVariables) {
        if (local.index >= parametersSize) {
          local.index += size;
        }
      }
    }
    shift(method.visibleLocalVariableAnnotations, size);
    shift(method.invisibleLocalVariableAnnotations, size);
  }

  private void shift(List<LocalVariableAnnotationNode> annotations, int size) {
    if (annotations != null) {
      for (LocalVariableAnnotationNode annotation : annotations) {
        for (int i = 0; i < annotation.index.size(); i++) {
          if (annotation.index.get(i) >= parametersSize) {
            annotation.index.set(i, annotation.index.get(i) + size);
          }
        }
      }
    }
  }

  private InsnList enterBlock() {
    LabelNode end = new LabelNode();
    InsnList block = new InsnList();
    List<Object> before = parameterSlots(isConstructor);
    List<Object> after = parameterSlots(isConstructor);
    after.addAll(slotsOf(enterType));
    block.add(inline(enter, before, after, end));
    block.add(end);
    addFrame(block, after, null);
    return block;
  }

  /**
   * Where the method's returns jump to ({@code returned}) and, with onThrowable, its handler: the thrown slot is null
   * or the throwable, the return slot the value or its default; the exit advice runs; then the method returns or throws.
   */
  private InsnList exitBlock(LabelNode returned, LabelNode startOriginal, LabelNode endOriginal) {
    InsnList block = new InsnList();
    List<Object> common = parameterSlots(false);
    common.addAll(slotsOf(enterType));
    pad(common, returnSlot);
    List<Object> whenReturned = new ArrayList<>(common);
    whenReturned.addAll(slotsOf(returnType));
    List<Object> atExit = new ArrayList<>(whenReturned);
    atExit.add(THROWABLE);
    LabelNode exitAdvice = new LabelNode();
    LabelNode end = new LabelNode();
    block.add(returned);
    addFrame(block, whenReturned, null);
    block.add(new InsnNode(Opcodes.ACONST_NULL));
    block.add(new VarInsnNode(Opcodes.ASTORE, thrownSlot));
    if (exit.onThrowable) {
      LabelNode handler = new LabelNode();
      block.add(new JumpInsnNode(Opcodes.GOTO, exitAdvice));
      block.add(handler);
      addFrame(block, common, THROWABLE);
      block.add(new VarInsnNode(Opcodes.ASTORE, thrownSlot));
      if (returnType.getSort() != Type.VOID) {
        block.add(defaultValue(returnType));
        block.add(new VarInsnNode(returnType.getOpcode(Opcodes.ISTORE), returnSlot));
      }
      method.tryCatchBlocks.add(new TryCatchBlockNode(startOriginal, endOriginal, handler, THROWABLE));
    }
    block.add(exitAdvice);
    addFrame(block, atExit, null);
    block.add(inline(exit, atExit, atExit, end));
    block.add(end);
    addFrame(block, atExit, null);
    if (exit.onThrowable) {
      LabelNode doReturn = new LabelNode();
      block.add(new VarInsnNode(Opcodes.ALOAD, thrownSlot));
      block.add(new JumpInsnNode(Opcodes.IFNULL, doReturn));
      block.add(new VarInsnNode(Opcodes.ALOAD, thrownSlot));
      block.add(new InsnNode(Opcodes.ATHROW));
      block.add(doReturn);
      addFrame(block, atExit, null);
    }
    if (returnType.getSort() != Type.VOID) {
      block.add(new VarInsnNode(returnType.getOpcode(Opcodes.ILOAD), returnSlot));
    }
    block.add(new InsnNode(returnType.getOpcode(Opcodes.IRETURN)));
    return block;
  }

  /**
   * The advice's code with its locals above {@link #adviceBase}: parameters copied in, its body, its returns jumping to
   * where writable parameters are copied back, and, with suppress, its handler. {@code before}: the method's locals
   * while it runs; {@code after}: when it is done (an enter value is set).
   */
  private InsnList inline(AdviceMethod advice, List<Object> before, List<Object> after, LabelNode end) {
    InsnList code = new InsnList();
    LabelNode start = new LabelNode();
    LabelNode bodyEnd = new LabelNode();
    LabelNode returned = new LabelNode();
    List<Object> prefix = new ArrayList<>(before);
    pad(prefix, adviceBase);
    code.add(start);
    for (AdviceMethod.Binding binding : advice.bindings) {
      code.add(copyIn(binding, advice == enter));
      code.add(new VarInsnNode(binding.type.getOpcode(Opcodes.ISTORE), adviceBase + binding.slot));
    }
    // the advice's instructions are shared by every thread weaving: walked by their links, never by InsnList's
    // lazily built index
    Map<LabelNode, LabelNode> labels = new HashMap<>();
    for (AbstractInsnNode insn = advice.code.instructions.getFirst(); insn != null; insn = insn.getNext()) {
      if (insn instanceof LabelNode) {
        labels.put((LabelNode) insn, new LabelNode());
      }
    }
    for (AbstractInsnNode insn = advice.code.instructions.getFirst(); insn != null; insn = insn.getNext()) {
      int opcode = insn.getOpcode();
      if (insn.getType() == AbstractInsnNode.LINE) {
        continue;
      } else if (insn.getType() == AbstractInsnNode.FRAME) {
        if (frames) {
          FrameNode frame = (FrameNode) insn;
          List<Object> locals = new ArrayList<>(prefix);
          locals.addAll(slots(relabel(frame.local, labels)));
          code.add(frame(entries(locals).toArray(), relabel(frame.stack, labels).toArray()));
        }
      } else if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
        if (advice == enter && enterType.getSize() > 0) {
          code.add(new VarInsnNode(enterType.getOpcode(Opcodes.ISTORE), enterSlot));
        } else if (opcode != Opcodes.RETURN) {
          code.add(new InsnNode(opcode == Opcodes.LRETURN || opcode == Opcodes.DRETURN ? Opcodes.POP2 : Opcodes.POP));
        }
        code.add(new JumpInsnNode(Opcodes.GOTO, returned));
      } else {
        AbstractInsnNode copy = insn.clone(labels);
        if (copy instanceof VarInsnNode) {
          ((VarInsnNode) copy).var += adviceBase;
        } else if (copy instanceof IincInsnNode) {
          ((IincInsnNode) copy).var += adviceBase;
        }
        code.add(copy);
      }
    }
    code.add(bodyEnd);
    for (TryCatchBlockNode block : advice.code.tryCatchBlocks) {
      method.tryCatchBlocks.add(new TryCatchBlockNode(labels.get(block.start), labels.get(block.end),
          labels.get(block.handler), block.type));
    }
    code.add(returned);
    List<Object> withParameters = new ArrayList<>(after);
    pad(withParameters, adviceBase);
    for (AdviceMethod.Binding binding : advice.bindings) {
      withParameters.addAll(slotsOf(binding.type));
    }
    addFrame(code, withParameters, null);
    for (AdviceMethod.Binding binding : advice.bindings) {
      if (binding.writable) {
        code.add(copyOut(binding));
      }
    }
    if (advice.suppress) {
      LabelNode handler = new LabelNode();
      code.add(new JumpInsnNode(Opcodes.GOTO, end));
      code.add(handler);
      addFrame(code, before, THROWABLE);
      code.add(new LdcInsnNode(instrumentation));
      code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, AGENT_ERRORS, "record",
          "(Ljava/lang/Throwable;Ljava/lang/String;)V", false));
      if (advice == enter && enterType.getSize() > 0) {
        code.add(defaultValue(enterType));
        code.add(new VarInsnNode(enterType.getOpcode(Opcodes.ISTORE), enterSlot));
      }
      method.tryCatchBlocks.add(new TryCatchBlockNode(start, bodyEnd, handler, THROWABLE));
    }
    return code;
  }

  private InsnList copyIn(AdviceMethod.Binding binding, boolean atEnter) {
    InsnList code = new InsnList();
    switch (binding.kind) {
      case THIS:
        code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        break;
      case ARGUMENT:
        Type argument = arguments[binding.argument];
        code.add(new VarInsnNode(argument.getOpcode(Opcodes.ILOAD), argumentSlots[binding.argument]));
        code.add(convert(argument, binding.type, false));
        break;
      case ALL_ARGUMENTS:
        code.add(intConstant(arguments.length));
        code.add(new TypeInsnNode(Opcodes.ANEWARRAY, "java/lang/Object"));
        for (int i = 0; i < arguments.length; i++) {
          code.add(new InsnNode(Opcodes.DUP));
          code.add(intConstant(i));
          code.add(new VarInsnNode(arguments[i].getOpcode(Opcodes.ILOAD), argumentSlots[i]));
          code.add(convert(arguments[i], Type.getType(OBJECT), false));
          code.add(new InsnNode(Opcodes.AASTORE));
        }
        break;
      case ENTER:
        if (enterType.getSize() == 0) {
          code.add(defaultValue(binding.type));
        } else {
          code.add(new VarInsnNode(enterType.getOpcode(Opcodes.ILOAD), enterSlot));
          code.add(convert(enterType, binding.type, false));
        }
        break;
      case THROWN:
        code.add(atEnter ? new InsnNode(Opcodes.ACONST_NULL) : new VarInsnNode(Opcodes.ALOAD, thrownSlot));
        break;
      case RETURN:
        if (atEnter || returnType.getSort() == Type.VOID) {
          code.add(defaultValue(binding.type));
        } else {
          code.add(new VarInsnNode(returnType.getOpcode(Opcodes.ILOAD), returnSlot));
          code.add(convert(returnType, binding.type, false));
        }
        break;
      case FIELD:
        DeclaredType.Field field = field(binding.value);
        if (!field.isStatic) {
          code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        }
        code.add(new FieldInsnNode(field.isStatic ? Opcodes.GETSTATIC : Opcodes.GETFIELD,
            owner.internalName, binding.value, field.descriptor));
        code.add(convert(Type.getType(field.descriptor), binding.type, false));
        break;
      case ORIGIN:
        code.add(origin(binding));
        break;
      default:
        throw new IllegalStateException(binding.kind.toString());
    }
    return code;
  }

  private InsnList copyOut(AdviceMethod.Binding binding) {
    InsnList code = new InsnList();
    switch (binding.kind) {
      case ARGUMENT:
        Type argument = arguments[binding.argument];
        code.add(new VarInsnNode(binding.type.getOpcode(Opcodes.ILOAD), adviceBase + binding.slot));
        code.add(convert(binding.type, argument, true));
        code.add(new VarInsnNode(argument.getOpcode(Opcodes.ISTORE), argumentSlots[binding.argument]));
        break;
      case RETURN:
        if (returnType.getSort() != Type.VOID) {
          code.add(new VarInsnNode(binding.type.getOpcode(Opcodes.ILOAD), adviceBase + binding.slot));
          code.add(convert(binding.type, returnType, true));
          code.add(new VarInsnNode(returnType.getOpcode(Opcodes.ISTORE), returnSlot));
        }
        break;
      case FIELD:
        DeclaredType.Field field = field(binding.value);
        if (!field.isStatic) {
          code.add(new VarInsnNode(Opcodes.ALOAD, 0));
        }
        code.add(new VarInsnNode(binding.type.getOpcode(Opcodes.ILOAD), adviceBase + binding.slot));
        code.add(convert(binding.type, Type.getType(field.descriptor), true));
        code.add(new FieldInsnNode(field.isStatic ? Opcodes.PUTSTATIC : Opcodes.PUTFIELD,
            owner.internalName, binding.value, field.descriptor));
        break;
      default:
        throw new IllegalStateException(binding.kind + " is read-only");
    }
    return code;
  }

  private DeclaredType.Field field(String name) {
    DeclaredType.Field field = owner.field(name);
    if (field == null) {
      throw new IllegalStateException(owner.name() + " has no field " + name);
    }
    return field;
  }

  /** {@code "#t.#m#d"}-style constants; on a {@code Class} parameter, the declaring class. */
  private InsnList origin(AdviceMethod.Binding binding) {
    InsnList code = new InsnList();
    if (binding.type.getDescriptor().equals("Ljava/lang/Class;")) {
      if ((owner.version & 0xFFFF) >= Opcodes.V1_5) {
        code.add(new LdcInsnNode(Type.getObjectType(owner.internalName)));
      } else {
        code.add(new LdcInsnNode(owner.name()));
        code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Class", "forName",
            "(Ljava/lang/String;)Ljava/lang/Class;", false));
      }
      return code;
    }
    if (binding.value.isEmpty()) {
      throw new IllegalStateException("@Origin needs a pattern on a String parameter");
    }
    code.add(new LdcInsnNode(binding.value.replace("#t", owner.name()).replace("#m", method.name)
        .replace("#d", method.desc)));
    return code;
  }

  /**
   * Boxes or unboxes a value of type {@code from} on the stack to {@code to}, or casts it where the verifier needs it:
   * from {@code Object} (a dynamically typed value), or, {@code narrowing}, into a slot of the method's declared type.
   * A read into an advice parameter of a super type needs none (the advice was compiled against the library).
   */
  private static InsnList convert(Type from, Type to, boolean narrowing) {
    InsnList code = new InsnList();
    boolean fromPrimitive = from.getSort() < Type.ARRAY;
    boolean toPrimitive = to.getSort() < Type.ARRAY;
    if (fromPrimitive && !toPrimitive) {
      Type box = boxOf(from);
      code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, box.getInternalName(), "valueOf",
          Type.getMethodDescriptor(box, from), false));
    } else if (!fromPrimitive && toPrimitive) {
      Type box = boxOf(to);
      code.add(new TypeInsnNode(Opcodes.CHECKCAST, box.getInternalName()));
      code.add(new MethodInsnNode(Opcodes.INVOKEVIRTUAL, box.getInternalName(), to.getClassName() + "Value",
          Type.getMethodDescriptor(to), false));
    } else if (!fromPrimitive && !from.equals(to) && !to.getDescriptor().equals(OBJECT)
        && (from.getDescriptor().equals(OBJECT) || narrowing)) {
      code.add(new TypeInsnNode(Opcodes.CHECKCAST, to.getSort() == Type.ARRAY ? to.getDescriptor() : to.getInternalName()));
    }
    return code;
  }

  private static Type boxOf(Type primitive) {
    switch (primitive.getSort()) {
      case Type.BOOLEAN: return Type.getObjectType("java/lang/Boolean");
      case Type.CHAR: return Type.getObjectType("java/lang/Character");
      case Type.BYTE: return Type.getObjectType("java/lang/Byte");
      case Type.SHORT: return Type.getObjectType("java/lang/Short");
      case Type.INT: return Type.getObjectType("java/lang/Integer");
      case Type.FLOAT: return Type.getObjectType("java/lang/Float");
      case Type.LONG: return Type.getObjectType("java/lang/Long");
      case Type.DOUBLE: return Type.getObjectType("java/lang/Double");
      default: throw new IllegalArgumentException(primitive.toString());
    }
  }

  private static AbstractInsnNode defaultValue(Type type) {
    switch (type.getSort()) {
      case Type.LONG: return new InsnNode(Opcodes.LCONST_0);
      case Type.FLOAT: return new InsnNode(Opcodes.FCONST_0);
      case Type.DOUBLE: return new InsnNode(Opcodes.DCONST_0);
      case Type.ARRAY: case Type.OBJECT: return new InsnNode(Opcodes.ACONST_NULL);
      default: return new InsnNode(Opcodes.ICONST_0);
    }
  }

  private static AbstractInsnNode intConstant(int value) {
    return value <= 5 ? new InsnNode(Opcodes.ICONST_0 + value) : new IntInsnNode(Opcodes.BIPUSH, value);
  }

  /** The parameters' slots as frames see them; in a constructor's enter advice, {@code this} is not yet initialised. */
  private List<Object> parameterSlots(boolean uninitializedThis) {
    List<Object> slots = new ArrayList<>();
    if (!isStatic) {
      slots.add(uninitializedThis ? Opcodes.UNINITIALIZED_THIS : owner.internalName);
    }
    for (Type argument : arguments) {
      slots.addAll(slotsOf(argument));
    }
    return slots;
  }

  private static List<Object> slotsOf(Type type) {
    switch (type.getSort()) {
      case Type.VOID: return List.of();
      case Type.LONG: return Arrays.asList(Opcodes.LONG, TOP);
      case Type.DOUBLE: return Arrays.asList(Opcodes.DOUBLE, TOP);
      case Type.FLOAT: return List.of(Opcodes.FLOAT);
      case Type.ARRAY: return List.of(type.getDescriptor());
      case Type.OBJECT: return List.of(type.getInternalName());
      default: return List.of(Opcodes.INTEGER);
    }
  }

  private static void pad(List<Object> slots, int size) {
    while (slots.size() < size) {
      slots.add(TOP);
    }
  }

  /** A frame's entries, where long and double take one, as slots, where they take two. */
  private static List<Object> slots(List<Object> entries) {
    List<Object> slots = new ArrayList<>();
    if (entries != null) {
      for (Object entry : entries) {
        slots.add(entry);
        if (entry == Opcodes.LONG || entry == Opcodes.DOUBLE) {
          slots.add(TOP);
        }
      }
    }
    return slots;
  }

  private static List<Object> entries(List<Object> slots) {
    List<Object> entries = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      Object slot = slots.get(i);
      entries.add(slot);
      if (slot == Opcodes.LONG || slot == Opcodes.DOUBLE) {
        i++;
      }
    }
    int last = entries.size();
    while (last > 0 && entries.get(last - 1) == TOP) {
      last--;
    }
    return new ArrayList<>(entries.subList(0, last));
  }

  private static List<Object> relabel(List<Object> entries, Map<LabelNode, LabelNode> labels) {
    List<Object> relabelled = new ArrayList<>();
    if (entries != null) {
      for (Object entry : entries) {
        relabelled.add(entry instanceof LabelNode ? labels.get(entry) : entry);
      }
    }
    return relabelled;
  }

  private void addFrame(InsnList code, List<Object> locals, String stackTop) {
    if (frames) {
      code.add(frame(entries(locals).toArray(), stackTop == null ? new Object[0] : new Object[] {stackTop}));
    }
  }

  private static FrameNode frame(Object[] locals, Object[] stack) {
    return new FrameNode(Opcodes.F_NEW, locals.length, locals, stack.length, stack);
  }

  private static void removeFrames(InsnList instructions) {
    for (AbstractInsnNode insn : instructions.toArray()) {
      if (insn.getType() == AbstractInsnNode.FRAME) {
        instructions.remove(insn);
      }
    }
  }

  /**
   * Two frames with only labels between them describe one offset, which a class file cannot hold: where the advice
   * ends right where something else begins, the later one stays (it describes what follows, with the fewest locals).
   */
  private void keepLastOfConsecutiveFrames() {
    FrameNode previous = null;
    for (AbstractInsnNode insn = method.instructions.getFirst(); insn != null; insn = insn.getNext()) {
      if (insn.getType() == AbstractInsnNode.FRAME) {
        if (previous != null) {
          method.instructions.remove(previous);
        }
        previous = (FrameNode) insn;
      } else if (insn.getOpcode() >= 0) {
        previous = null;
      }
    }
  }
}
