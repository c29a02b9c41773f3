package com.subscriptionreconciler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The package structure the README's "How it works" describes, held by the build: no package cycles, a pure
 * planner, adapters that know nothing of the shells that drive them, and a report package every layer may use.
 * A cycle or a layer breach fails this test with the offending imports listed.
 */
@AnalyzeClasses(
    packages = "com.subscriptionreconciler",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.LambdaModuleOnly.class})
class ArchitectureTest {
  private static final String[] ADAPTERS = {
    "com.subscriptionreconciler.stripe..",
    "com.subscriptionreconciler.store..",
    "com.subscriptionreconciler.db..",
    "com.subscriptionreconciler.secrets.."
  };
  /** Every sub-package of run: one per stage of the pipeline, and the sequencer that calls them in order. */
  private static final String[] RUN_STAGES = {
    "com.subscriptionreconciler.run.sequence..",
    "com.subscriptionreconciler.run.lifecycle..",
    "com.subscriptionreconciler.run.collect..",
    "com.subscriptionreconciler.run.guard..",
    "com.subscriptionreconciler.run.apply..",
    "com.subscriptionreconciler.run.derive..",
    "com.subscriptionreconciler.run.rollback.."
  };
  private static final String[] SHELLS = {
    "com.subscriptionreconciler.run..",
    "com.subscriptionreconciler.app..",
    "com.subscriptionreconciler.cli..",
    "com.subscriptionreconciler.lambda..",
    "com.subscriptionreconciler.demo.."
  };

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices().matching("com.subscriptionreconciler.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule planImportsNoAdapter =
      noClasses().that().resideInAPackage("com.subscriptionreconciler.plan..")
          .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS)
          .because("the planner is a pure function of plain records");

  @ArchTest
  static final ArchRule planImportsNoShell =
      noClasses().that().resideInAPackage("com.subscriptionreconciler.plan..")
          .should().dependOnClassesThat().resideInAnyPackage(SHELLS)
          .orShould().dependOnClassesThat().resideInAPackage("com.subscriptionreconciler.report..")
          .because("the planner decides; running and reporting are the shell's business");

  @ArchTest
  static final ArchRule adaptersImportNoShell =
      noClasses().that().resideInAnyPackage(ADAPTERS)
          .should().dependOnClassesThat().resideInAnyPackage(SHELLS)
          .because("adapters read and write Stripe and MySQL for whichever shell drives them");

  @ArchTest
  static final ArchRule reportUsesNoOtherLayer =
      noClasses().that().resideInAPackage("com.subscriptionreconciler.report..")
          .should().dependOnClassesThat().resideOutsideOfPackages("com.subscriptionreconciler.report..", "java..",
              "com.fasterxml.jackson..")
          .because("every layer may use the report, so it may use none of them");

  @ArchTest
  static final ArchRule onlyTheShellsUseTheProductionWiring =
      noClasses().that().resideOutsideOfPackages("com.subscriptionreconciler.app..",
              "com.subscriptionreconciler.lambda..", "com.subscriptionreconciler.cli..",
              "com.subscriptionreconciler.demo..")
          .should().dependOnClassesThat().resideInAPackage("com.subscriptionreconciler.app..")
          .because("app wires the engine for the programs (Lambda, CLI, demo); the engine knows nothing of it");

  @ArchTest
  static final ArchRule everyPackageIsFreeOfCycles =
      slices().matching("com.subscriptionreconciler.(**)").should().beFreeOfCycles()
          .because("run's stages import what runs before them (collect before apply before derive), never after");

  @ArchTest
  static final ArchRule stagesNeverCallTheSequencer =
      noClasses().that().resideOutsideOfPackages("com.subscriptionreconciler.run.sequence..",
              "com.subscriptionreconciler.app..")
          .should().dependOnClassesThat().resideInAPackage("com.subscriptionreconciler.run.sequence..")
          .because("the stages are called by the sequencer and never call it back; only app wires it");

  @ArchTest
  static final ArchRule runsStagesAreRunsOwn =
      noClasses().that().resideOutsideOfPackages("com.subscriptionreconciler.run..",
              "com.subscriptionreconciler.app..")
          .should().dependOnClassesThat().resideInAnyPackage(RUN_STAGES)
          .because("callers see the Engine, the RunRequest and the report; how a run is staged is run's business");

  @ArchTest
  static final ArchRule runsConstructorsTakeAtMostFiveParameters =
      classes().that().resideInAPackage("com.subscriptionreconciler.run..")
          .should(haveNoConstructorWithMoreParametersThan(5))
          .because("a stage that needs more than five things does more than one job, or some of them travel"
              + " together and belong in one named record. A record of plain values (primitives, strings,"
              + " collections, times, enums and other such records) is exempt: it is data, not a stage, and a"
              + " persisted or reported shape (a resume state, a run request) keeps one component per field; a"
              + " record holding collaborators is held to the limit like any class");

  private static ArchCondition<JavaClass> haveNoConstructorWithMoreParametersThan(int limit) {
    return new ArchCondition<>("have no constructor with more than " + limit + " parameters") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        if (isPlainValue(javaClass)) {
          return;
        }
        for (JavaConstructor constructor : javaClass.getConstructors()) {
          int count = constructor.getRawParameterTypes().size();
          if (count > limit) {
            events.add(SimpleConditionEvent.violated(constructor,
                constructor.getFullName() + " takes " + count + " parameters"));
          }
        }
      }
    };
  }

  /**
   * Primitives, enums, the JDK's strings, numbers, collections and times, records of plain values, and interfaces
   * every implementation of which is a plain value (a sealed family of records). Types being judged count as plain
   * while they are judged, so a recursive value (a record naming its own family) ends.
   */
  private static boolean isPlainValue(JavaClass type) {
    return isPlainValue(type, new HashSet<>());
  }

  private static boolean isPlainValue(JavaClass type, Set<JavaClass> judging) {
    if (type.isPrimitive() || type.isEnum() || !judging.add(type)) {
      return true;
    }
    if (type.isArray()) {
      return isPlainValue(type.getComponentType(), judging);
    }
    if (type.isRecord()) {
      return type.getConstructors().stream().flatMap(c -> c.getRawParameterTypes().stream())
          .allMatch(component -> isPlainValue(component, judging));
    }
    if (type.isInterface() && type.getPackageName().startsWith("com.subscriptionreconciler")) {
      return !type.getAllSubclasses().isEmpty()
          && type.getAllSubclasses().stream().allMatch(implementation -> isPlainValue(implementation, judging));
    }
    return List.of("java.lang", "java.util", "java.time").contains(type.getPackageName())
        && !type.isAnnotatedWith(FunctionalInterface.class)
        && !type.isAssignableTo(Clock.class);
  }

  /** The stripe-emulator module shares the root package but is a separate program, not part of this one. */
  static final class LambdaModuleOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("stripe-emulator");
    }
  }
}
