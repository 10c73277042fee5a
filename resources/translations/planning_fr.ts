<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>ApplyTemplateDialog</name>
    <message>
        <source>{n} selected</source>
        <translation>{n} sélectionné(s)</translation>
    </message>
    <message>
        <source>Apply a template</source>
        <translation>Appliquer un modèle</translation>
    </message>
    <message>
        <source>Tick the equipments that get the plan “{name}”: one plan per equipment, with the template&apos;s recurrence, checklist and parts kit.</source>
        <translation>Cochez les équipements qui reçoivent la gamme « {name} » : une gamme par équipement, avec la périodicité, la check-list et le kit de pièces du modèle.</translation>
    </message>
    <message>
        <source>Code or name…</source>
        <translation>Code ou désignation…</translation>
    </message>
    <message>
        <source>All sites</source>
        <translation>Tous les sites</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>Tous les types</translation>
    </message>
    <message>
        <source>Tick all shown</source>
        <translation>Cocher tout l’affichage</translation>
    </message>
    <message>
        <source>Untick all shown</source>
        <translation>Décocher tout l’affichage</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
</context>
<context>
    <name>CalendarLegend</name>
    <message>
        <source>Schedule warning</source>
        <translation>Alerte de planification</translation>
    </message>
</context>
<context>
    <name>CalendarView</name>
    <message>
        <source>+{count} more</source>
        <translation>+{count} autres</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Non affectée</translation>
    </message>
    <message>
        <source>Technician: {name}</source>
        <translation>Technicien : {name}</translation>
    </message>
    <message>
        <source>{kind} · priority {priority} · {status}</source>
        <translation>{kind} · priorité {priority} · {status}</translation>
    </message>
    <message>
        <source>⚠ Schedule warnings:</source>
        <translation>⚠ Alertes de planification :</translation>
    </message>
</context>
<context>
    <name>ChecklistEditor</name>
    <message>
        <source>Line {n} has no label.</source>
        <translation>La ligne {n} n’a pas de libellé.</translation>
    </message>
    <message>
        <source>Line {n}: the limits must be numbers.</source>
        <translation>Ligne {n} : les limites doivent être des nombres.</translation>
    </message>
    <message>
        <source>Line {n}: the minimum is above the maximum.</source>
        <translation>Ligne {n} : le minimum dépasse le maximum.</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Point de contrôle</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Nature</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Obligatoire</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Min</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>Add an item</source>
        <translation>Ajouter un point</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Monter</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Descendre</translation>
    </message>
    <message>
        <source>A measurement outside its limits is flagged on the sheet; a required item must be filled before the visit can be completed.</source>
        <translation>Une mesure hors tolérances est signalée sur la fiche ; un point obligatoire doit être renseigné avant de pouvoir terminer la visite.</translation>
    </message>
</context>
<context>
    <name>ChecklistSheet</name>
    <message>
        <source>This task has no checklist.</source>
        <translation>Cette tâche n’a pas de check-list.</translation>
    </message>
</context>
<context>
    <name>GenerateTasksDialog</name>
    <message>
        <source>Generate the tasks</source>
        <translation>Générer les tâches</translation>
    </message>
    <message>
        <source>The tasks of “{name}” due from today to the end of the horizon are created; those already generated are left as they are.</source>
        <translation>Les tâches de « {name} » échues d’aujourd’hui à la fin de l’horizon sont créées ; celles déjà générées restent inchangées.</translation>
    </message>
    <message>
        <source>Horizon</source>
        <translation>Horizon</translation>
    </message>
    <message>
        <source>week(s)</source>
        <translation>semaine(s)</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Générer</translation>
    </message>
</context>
<context>
    <name>InterventionPage</name>
    <message>
        <source>No task chosen</source>
        <translation>Aucune tâche choisie</translation>
    </message>
    <message>
        <source>Not assigned</source>
        <translation>Non affectée</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
    <message>
        <source>{n} reserved</source>
        <translation>{n} réservé(s)</translation>
    </message>
    <message>
        <source>Issued: {parts}</source>
        <translation>Sorties : {parts}</translation>
    </message>
    <message>
        <source>No part issued to this sheet yet.</source>
        <translation>Aucune pièce sortie pour cette fiche.</translation>
    </message>
    <message>
        <source>The plan has no parts kit.</source>
        <translation>La gamme n’a pas de kit de pièces.</translation>
    </message>
    <message>
        <source>The parts kit is shown for reference: parts cannot be issued here yet.</source>
        <translation>Le kit de pièces est affiché pour information : les sorties de stock ne sont pas encore possibles ici.</translation>
    </message>
    <message>
        <source>The plan&apos;s kit is proposed: issue what you really used from the store.</source>
        <translation>Le kit de la gamme est proposé : sortez du magasin ce que vous avez réellement utilisé.</translation>
    </message>
    <message>
        <source>Validated on {when}.</source>
        <translation>Validée le {when}.</translation>
    </message>
    <message>
        <source>Sent back to the technician.</source>
        <translation>Renvoyée au technicien.</translation>
    </message>
    <message>
        <source>Done: waiting for a supervisor&apos;s validation.</source>
        <translation>Terminée : en attente de validation par un superviseur.</translation>
    </message>
    <message>
        <source>Check the sheet, then validate it or send it back with a comment.</source>
        <translation>Vérifiez la fiche, puis validez-la ou renvoyez-la avec un commentaire.</translation>
    </message>
    <message>
        <source>Comment: {text}</source>
        <translation>Commentaire : {text}</translation>
    </message>
    <message>
        <source>The visit cannot be completed: {n} required item(s) have no result.</source>
        <translation>La visite ne peut pas être terminée : {n} point(s) obligatoire(s) sans résultat.</translation>
    </message>
    <message>
        <source>Sheet saved.</source>
        <translation>Fiche enregistrée.</translation>
    </message>
    <message>
        <source>Visit completed: it now waits for validation.</source>
        <translation>Visite terminée : elle attend maintenant la validation.</translation>
    </message>
    <message>
        <source>Intervention validated.</source>
        <translation>Intervention validée.</translation>
    </message>
    <message>
        <source>Say what must be done again: a comment is required to send it back.</source>
        <translation>Indiquez ce qui doit être refait : un commentaire est obligatoire pour renvoyer la fiche.</translation>
    </message>
    <message>
        <source>The kit is reserved.</source>
        <translation>Le kit est réservé.</translation>
    </message>
    <message>
        <source>Out-of-limit measurement during “{task}”: {item} = {value} {unit} ({limits}).</source>
        <translation>Mesure hors tolérances lors de « {task} » : {item} = {value} {unit} ({limits}).</translation>
    </message>
    <message>
        <source>A failure was reported on {code}.</source>
        <translation>Une panne a été déclarée sur {code}.</translation>
    </message>
    <message>
        <source>Task planned</source>
        <translation>Tâche planifiée</translation>
    </message>
    <message>
        <source>Schedule changed</source>
        <translation>Planification modifiée</translation>
    </message>
    <message>
        <source>Assigned automatically</source>
        <translation>Affectée automatiquement</translation>
    </message>
    <message>
        <source>Intervention started</source>
        <translation>Intervention démarrée</translation>
    </message>
    <message>
        <source>Sheet saved</source>
        <translation>Fiche enregistrée</translation>
    </message>
    <message>
        <source>Visit completed</source>
        <translation>Visite terminée</translation>
    </message>
    <message>
        <source>Validated</source>
        <translation>Validée</translation>
    </message>
    <message>
        <source>Sent back</source>
        <translation>Renvoyée</translation>
    </message>
    <message>
        <source>Part issued</source>
        <translation>Pièce sortie</translation>
    </message>
    <message>
        <source>Kit reserved</source>
        <translation>Kit réservé</translation>
    </message>
    <message>
        <source>Kit released</source>
        <translation>Kit libéré</translation>
    </message>
    <message>
        <source>Photo added</source>
        <translation>Photo ajoutée</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Planifiée</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Intervenant</translation>
    </message>
    <message>
        <source>Time spent</source>
        <translation>Temps passé</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Compte rendu</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Commentaire</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Intervention</source>
        <translation>Intervention</translation>
    </message>
    <message>
        <source>← Back</source>
        <translation>← Retour</translation>
    </message>
    <message>
        <source>Equipment</source>
        <translation>Équipement</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Gamme</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Technicien</translation>
    </message>
    <message>
        <source>Estimated duration</source>
        <translation>Durée estimée</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>Check-list</translation>
    </message>
    <message>
        <source>Report and time spent</source>
        <translation>Compte rendu et temps passé</translation>
    </message>
    <message>
        <source>What was done, what was noticed…</source>
        <translation>Travaux réalisés, constats…</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <source>Save the sheet</source>
        <translation>Enregistrer la fiche</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Terminer</translation>
    </message>
    <message>
        <source>Parts used</source>
        <translation>Pièces utilisées</translation>
    </message>
    <message>
        <source>Part (plan&apos;s kit)</source>
        <translation>Pièce (kit de la gamme)</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>Prévu</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Sorti</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Réservé</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Sortir</translation>
    </message>
    <message>
        <source>Reserve the kit</source>
        <translation>Réserver le kit</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validation</translation>
    </message>
    <message>
        <source>Comment (required to send it back)</source>
        <translation>Commentaire (obligatoire pour renvoyer)</translation>
    </message>
    <message>
        <source>Validate</source>
        <translation>Valider</translation>
    </message>
    <message>
        <source>Send back</source>
        <translation>Renvoyer</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
</context>
<context>
    <name>KitEditor</name>
    <message>
        <source>Part</source>
        <translation>Pièce</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <source>Add to the kit</source>
        <translation>Ajouter au kit</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Reference or description…</source>
        <translation>Référence ou désignation…</translation>
    </message>
</context>
<context>
    <name>LineWidget</name>
    <message>
        <source>Out of limits</source>
        <translation>Hors tolérances</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Obligatoire</translation>
    </message>
    <message>
        <source>Done, in order</source>
        <translation>Fait, conforme</translation>
    </message>
    <message>
        <source>Note…</source>
        <translation>Remarque…</translation>
    </message>
    <message>
        <source>limits {low} – {high} {unit}</source>
        <translation>tolérances {low} – {high} {unit}</translation>
    </message>
    <message>
        <source>at least {low} {unit}</source>
        <translation>au moins {low} {unit}</translation>
    </message>
    <message>
        <source>at most {high} {unit}</source>
        <translation>au plus {high} {unit}</translation>
    </message>
    <message>
        <source>Report a failure</source>
        <translation>Déclarer une panne</translation>
    </message>
</context>
<context>
    <name>PlanFormDialog</name>
    <message>
        <source>Give the plan a name.</source>
        <translation>Donnez un nom à la gamme.</translation>
    </message>
    <message>
        <source>Choose a calendar rule, a counter, or both.</source>
        <translation>Choisissez une périodicité calendaire, un compteur, ou les deux.</translation>
    </message>
    <message>
        <source>Choose the equipment of the plan.</source>
        <translation>Choisissez l’équipement de la gamme.</translation>
    </message>
    <message>
        <source>New maintenance plan</source>
        <translation>Nouvelle gamme de maintenance</translation>
    </message>
    <message>
        <source>Template: {name}</source>
        <translation>Modèle : {name}</translation>
    </message>
    <message>
        <source>Plan: {name}</source>
        <translation>Gamme : {name}</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <source>Recurrence</source>
        <translation>Périodicité</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>Check-list</translation>
    </message>
    <message>
        <source>Parts kit</source>
        <translation>Kit de pièces</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Type of maintenance</source>
        <translation>Type de maintenance</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>S’applique à</translation>
    </message>
    <message>
        <source>One equipment</source>
        <translation>Un équipement</translation>
    </message>
    <message>
        <source>Every equipment of a type</source>
        <translation>Tous les équipements d’un type</translation>
    </message>
    <message>
        <source>Template (library)</source>
        <translation>Modèle (bibliothèque)</translation>
    </message>
    <message>
        <source>Equipment</source>
        <translation>Équipement</translation>
    </message>
    <message>
        <source>Equipment type</source>
        <translation>Type d’équipement</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Every site</source>
        <translation>Tous les sites</translation>
    </message>
    <message>
        <source>Template of the library</source>
        <translation>Modèle de la bibliothèque</translation>
    </message>
    <message>
        <source>Every equipment of the type {type}</source>
        <translation>Tous les équipements du type {type}</translation>
    </message>
    <message>
        <source>Estimated duration</source>
        <translation>Durée estimée</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <source>Required skills</source>
        <translation>Compétences requises</translation>
    </message>
    <message>
        <source>Separated by commas</source>
        <translation>Séparées par des virgules</translation>
    </message>
    <message>
        <source>Known skills: {skills}</source>
        <translation>Compétences connues : {skills}</translation>
    </message>
    <message>
        <source>After the plan</source>
        <translation>Après la gamme</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucune</translation>
    </message>
    <message>
        <source>Active (generates tasks)</source>
        <translation>Active (génère des tâches)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
</context>
<context>
    <name>PlanningCalendar</name>
    <message>
        <source>Preventive</source>
        <translation>Préventif</translation>
    </message>
    <message>
        <source>Corrective</source>
        <translation>Correctif</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <source>Regulatory</source>
        <translation>Réglementaire</translation>
    </message>
    <message>
        <source>Improvement</source>
        <translation>Amélioration</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Urgente</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normale</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Basse</translation>
    </message>
    <message>
        <source>To schedule</source>
        <translation>À planifier</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>Affectée</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminée</translation>
    </message>
    <message>
        <source>Validated</source>
        <translation>Validée</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejetée</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>No technician has the required skills</source>
        <translation>Aucun technicien n’a les compétences requises</translation>
    </message>
    <message>
        <source>The technician lacks a required skill</source>
        <translation>Il manque au technicien une compétence requise</translation>
    </message>
    <message>
        <source>Outside the technician&apos;s working hours</source>
        <translation>En dehors des horaires du technicien</translation>
    </message>
    <message>
        <source>The technician is absent</source>
        <translation>Le technicien est absent</translation>
    </message>
    <message>
        <source>Overlaps another task of the technician</source>
        <translation>Chevauche une autre tâche du technicien</translation>
    </message>
    <message>
        <source>The technician&apos;s day is overbooked</source>
        <translation>La journée du technicien est surchargée</translation>
    </message>
    <message>
        <source>Starts before the task it depends on ends</source>
        <translation>Commence avant la fin de la tâche dont elle dépend</translation>
    </message>
</context>
<context>
    <name>PlanningLabels</name>
    <message>
        <source>Preventive</source>
        <translation>Préventive</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>Inspection</translation>
    </message>
    <message>
        <source>Lubrication</source>
        <translation>Graissage</translation>
    </message>
    <message>
        <source>Regulatory check</source>
        <translation>Contrôle réglementaire</translation>
    </message>
    <message>
        <source>Condition-based</source>
        <translation>Conditionnelle</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Contrôle</translation>
    </message>
    <message>
        <source>Measurement</source>
        <translation>Mesure</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>To schedule</source>
        <translation>À planifier</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>Affectée</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Awaiting validation</source>
        <translation>À valider</translation>
    </message>
    <message>
        <source>Validated</source>
        <translation>Validée</translation>
    </message>
    <message>
        <source>Sent back</source>
        <translation>Renvoyée</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>{h} h {m:02d}</source>
        <translation>{h} h {m:02d}</translation>
    </message>
    <message>
        <source>{h} h</source>
        <translation>{h} h</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <source>every day</source>
        <translation>tous les jours</translation>
    </message>
    <message>
        <source>every {n} days</source>
        <translation>tous les {n} jours</translation>
    </message>
    <message>
        <source>every week</source>
        <translation>toutes les semaines</translation>
    </message>
    <message>
        <source>every {n} weeks</source>
        <translation>toutes les {n} semaines</translation>
    </message>
    <message>
        <source>every year</source>
        <translation>tous les ans</translation>
    </message>
    <message>
        <source>every {n} years</source>
        <translation>tous les {n} ans</translation>
    </message>
    <message>
        <source>every month</source>
        <translation>tous les mois</translation>
    </message>
    <message>
        <source>every {n} months</source>
        <translation>tous les {n} mois</translation>
    </message>
    <message>
        <source>every {n} operating hours</source>
        <translation>toutes les {n} heures de fonctionnement</translation>
    </message>
    <message>
        <source>every {n} cycles</source>
        <translation>tous les {n} cycles</translation>
    </message>
    <message>
        <source> or </source>
        <translation> ou </translation>
    </message>
    <message>
        <source>(whichever first)</source>
        <translation>(au premier atteint)</translation>
    </message>
    <message>
        <source>after the last visit</source>
        <translation>après la dernière visite</translation>
    </message>
    <message>
        <source>from {start} to {end}</source>
        <translation>de {start} à {end}</translation>
    </message>
</context>
<context>
    <name>PlanningPage</name>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Technicien</translation>
    </message>
    <message>
        <source>Equipment</source>
        <translation>Équipement</translation>
    </message>
    <message>
        <source>Planning</source>
        <translation>Planning</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Non affectées</translation>
    </message>
    <message>
        <source>{count} tasks</source>
        <translation>{count} tâches</translation>
    </message>
    <message>
        <source>No task is scheduled in this period.</source>
        <translation>Aucune tâche n’est planifiée sur cette période.</translation>
    </message>
    <message>
        <source>Generate the tasks of the maintenance plans to fill it.</source>
        <translation>Générez les tâches des plans de maintenance pour la remplir.</translation>
    </message>
    <message>
        <source>Your tasks (read-only).</source>
        <translation>Vos tâches (lecture seule).</translation>
    </message>
    <message>
        <source>Drag a task to move it, drag its bottom edge to change its duration.</source>
        <translation>Glissez une tâche pour la déplacer, son bord inférieur pour changer sa durée.</translation>
    </message>
    <message>
        <source>Week {week} · {first} – {last}</source>
        <translation>Semaine {week} · {first} – {last}</translation>
    </message>
    <message>
        <source>“{title}” rescheduled ({when}), with warnings: {warnings}</source>
        <translation>« {title} » replanifiée ({when}), avec des alertes : {warnings}</translation>
    </message>
    <message>
        <source>“{title}” rescheduled: {when}.</source>
        <translation>« {title} » replanifiée : {when}.</translation>
    </message>
    <message>
        <source>The intervention sheet is not available in this version.</source>
        <translation>La fiche d’intervention n’est pas disponible dans cette version.</translation>
    </message>
    <message>
        <source>You may not plan maintenance on these sites.</source>
        <translation>Vous n’êtes pas autorisé à planifier la maintenance sur ces sites.</translation>
    </message>
    <message>
        <source>Tasks generated up to {date}: {count} new.</source>
        <translation>Tâches générées jusqu’au {date} : {count} nouvelles.</translation>
    </message>
    <message>
        <source>No unassigned task to assign in this period.</source>
        <translation>Aucune tâche non affectée à attribuer sur cette période.</translation>
    </message>
    <message>
        <source>Automatic assignment: {assigned} of {total} tasks assigned, {warned} with warnings (see the markers).</source>
        <translation>Affectation automatique : {assigned} tâches affectées sur {total}, dont {warned} avec des alertes (voir les repères).</translation>
    </message>
    <message>
        <source>Choose a technician or a site to export their calendar.</source>
        <translation>Choisissez un technicien ou un site pour exporter son planning.</translation>
    </message>
    <message>
        <source>Export the calendar</source>
        <translation>Exporter le planning</translation>
    </message>
    <message>
        <source>iCalendar files (*.ics)</source>
        <translation>Fichiers iCalendar (*.ics)</translation>
    </message>
    <message>
        <source>Cannot write {path}: {reason}</source>
        <translation>Impossible d’écrire {path} : {reason}</translation>
    </message>
    <message>
        <source>Calendar exported ({count} tasks): {path}</source>
        <translation>Planning exporté ({count} tâches) : {path}</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ Précédent</translation>
    </message>
    <message>
        <source>Previous period (Page Up)</source>
        <translation>Période précédente (Page préc.)</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Aujourd’hui</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Suivant ▶</translation>
    </message>
    <message>
        <source>Next period (Page Down)</source>
        <translation>Période suivante (Page suiv.)</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Jour</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Semaine</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Mois</translation>
    </message>
    <message>
        <source>Generate tasks</source>
        <translation>Générer les tâches</translation>
    </message>
    <message>
        <source>Create the tasks of the maintenance plans for the coming weeks</source>
        <translation>Créer les tâches des plans de maintenance pour les semaines à venir</translation>
    </message>
    <message>
        <source>Auto-assign</source>
        <translation>Affecter automatiquement</translation>
    </message>
    <message>
        <source>Assign the unassigned tasks shown to qualified technicians, honouring working hours, absences and load</source>
        <translation>Affecter les tâches non affectées affichées à des techniciens qualifiés, en respectant horaires, absences et charge</translation>
    </message>
    <message>
        <source>Export .ics</source>
        <translation>Exporter en .ics</translation>
    </message>
    <message>
        <source>Save the calendar of the technician or site shown as an iCalendar file</source>
        <translation>Enregistrer le planning du technicien ou du site affiché dans un fichier iCalendar</translation>
    </message>
</context>
<context>
    <name>PlansPage</name>
    <message>
        <source>Plan, equipment or type…</source>
        <translation>Gamme, équipement ou type…</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <source>Plans</source>
        <translation>Gammes</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>Modèles</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Suspendue</translation>
    </message>
    <message>
        <source>{n} plan(s)</source>
        <translation>{n} gamme(s)</translation>
    </message>
    <message>
        <source>Any equipment</source>
        <translation>Tout équipement</translation>
    </message>
    <message>
        <source>Type: {type}</source>
        <translation>Type : {type}</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tous</translation>
    </message>
    <message>
        <source>± {n} d</source>
        <translation>± {n} j</translation>
    </message>
    <message>
        <source>{name} (paused)</source>
        <translation>{name} (suspendue)</translation>
    </message>
    <message>
        <source>Plans &amp; templates</source>
        <translation>Gammes et modèles</translation>
    </message>
    <message>
        <source>Maintenance plans</source>
        <translation>Gammes de maintenance</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>S’applique à</translation>
    </message>
    <message>
        <source>Recurrence</source>
        <translation>Périodicité</translation>
    </message>
    <message>
        <source>Tolerance</source>
        <translation>Tolérance</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>Check-list</translation>
    </message>
    <message>
        <source>Last done</source>
        <translation>Dernière visite</translation>
    </message>
    <message>
        <source>New plan…</source>
        <translation>Nouvelle gamme…</translation>
    </message>
    <message>
        <source>New template…</source>
        <translation>Nouveau modèle…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <source>Apply the template…</source>
        <translation>Appliquer le modèle…</translation>
    </message>
    <message>
        <source>Generate the tasks…</source>
        <translation>Générer les tâches…</translation>
    </message>
    <message>
        <source>No plan matches these filters.</source>
        <translation>Aucune gamme ne correspond à ces filtres.</translation>
    </message>
</context>
<context>
    <name>RecurrenceEditor</name>
    <message>
        <source>Choose a calendar rule, a counter, or both.</source>
        <translation>Choisissez une périodicité calendaire, un compteur, ou les deux.</translation>
    </message>
    <message>
        <source>No occurrence in the next five years.</source>
        <translation>Aucune échéance dans les cinq prochaines années.</translation>
    </message>
    <message>
        <source>Counters: no meter readings yet, only the calendar rule is shown.</source>
        <translation>Compteurs : aucun relevé pour l’instant, seule la périodicité calendaire est affichée.</translation>
    </message>
    <message>
        <source>operating hours</source>
        <translation>heures de fonctionnement</translation>
    </message>
    <message>
        <source>cycles</source>
        <translation>cycles</translation>
    </message>
    <message>
        <source>Times in the site&apos;s time zone ({zone}).</source>
        <translation>Heures dans le fuseau horaire du site ({zone}).</translation>
    </message>
    <message>
        <source>Calendar</source>
        <translation>Calendrier</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>Tous les</translation>
    </message>
    <message>
        <source>day(s)</source>
        <translation>jour(s)</translation>
    </message>
    <message>
        <source>week(s)</source>
        <translation>semaine(s)</translation>
    </message>
    <message>
        <source>month(s)</source>
        <translation>mois</translation>
    </message>
    <message>
        <source>year(s)</source>
        <translation>an(s)</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Le</translation>
    </message>
    <message>
        <source>Day of the month</source>
        <translation>Jour du mois</translation>
    </message>
    <message>
        <source>Same day as the start</source>
        <translation>Même jour que le début</translation>
    </message>
    <message>
        <source>A day the month does not have (31st) falls on its last day.</source>
        <translation>Un jour absent du mois (le 31) tombe sur son dernier jour.</translation>
    </message>
    <message>
        <source>At</source>
        <translation>À</translation>
    </message>
    <message>
        <source>Starting on</source>
        <translation>À partir du</translation>
    </message>
    <message>
        <source>Count from</source>
        <translation>Compter depuis</translation>
    </message>
    <message>
        <source>The schedule (fixed dates)</source>
        <translation>Le calendrier (dates fixes)</translation>
    </message>
    <message>
        <source>The last visit (floating)</source>
        <translation>La dernière visite (glissant)</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>Compteurs</translation>
    </message>
    <message>
        <source>Every N operating hours</source>
        <translation>Toutes les N heures de fonctionnement</translation>
    </message>
    <message>
        <source>Every N cycles</source>
        <translation>Tous les N cycles</translation>
    </message>
    <message>
        <source>h</source>
        <translation>h</translation>
    </message>
    <message>
        <source>Whichever comes first decides; counters always count from the last visit.</source>
        <translation>Le premier seuil atteint déclenche la visite ; les compteurs partent toujours de la dernière visite.</translation>
    </message>
    <message>
        <source>Seasonal window</source>
        <translation>Période saisonnière</translation>
    </message>
    <message>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <source>To (included)</source>
        <translation>Jusqu’à (inclus)</translation>
    </message>
    <message>
        <source>Outside the window</source>
        <translation>Hors période</translation>
    </message>
    <message>
        <source>Skip the visit</source>
        <translation>Sauter la visite</translation>
    </message>
    <message>
        <source>Move it to the window&apos;s first day</source>
        <translation>La reporter au premier jour de la période</translation>
    </message>
    <message>
        <source>Tolerance</source>
        <translation>Tolérance</translation>
    </message>
    <message>
        <source>A visit done within this many days of its due date is on time.</source>
        <translation>Une visite faite à ce nombre de jours près de son échéance est dans les temps.</translation>
    </message>
    <message>
        <source>Next occurrences</source>
        <translation>Prochaines échéances</translation>
    </message>
</context>
<context>
    <name>SupervisorPage</name>
    <message>
        <source>PM compliance (90 days)</source>
        <translation>Respect du préventif (90 jours)</translation>
    </message>
    <message>
        <source>Awaiting validation</source>
        <translation>À valider</translation>
    </message>
    <message>
        <source>Overdue preventive tasks</source>
        <translation>Tâches préventives en retard</translation>
    </message>
    <message>
        <source>Technicians present</source>
        <translation>Techniciens présents</translation>
    </message>
    <message>
        <source>Workload per technician per week (hours scheduled)</source>
        <translation>Charge par technicien et par semaine (heures planifiées)</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>heures</translation>
    </message>
    <message>
        <source>No task scheduled for the team in the next weeks.</source>
        <translation>Aucune tâche planifiée pour l’équipe dans les semaines à venir.</translation>
    </message>
    <message>
        <source>No preventive task due in the period</source>
        <translation>Aucune tâche préventive échue sur la période</translation>
    </message>
    <message>
        <source>{ok} on time of {n} due</source>
        <translation>{ok} dans les temps sur {n} échues</translation>
    </message>
    <message>
        <source>{n} with an out-of-limit measurement</source>
        <translation>dont {n} avec une mesure hors tolérances</translation>
    </message>
    <message>
        <source>{n} absent</source>
        <translation>{n} absent(s)</translation>
    </message>
    <message>
        <source>Out of limits</source>
        <translation>Hors tolérances</translation>
    </message>
    <message>
        <source>{n} d</source>
        <translation>{n} j</translation>
    </message>
    <message>
        <source>Absent</source>
        <translation>Absent</translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation>Supervision</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Interventions awaiting validation</source>
        <translation>Interventions à valider</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Tâche</translation>
    </message>
    <message>
        <source>Equipment</source>
        <translation>Équipement</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Technicien</translation>
    </message>
    <message>
        <source>Done on</source>
        <translation>Terminée le</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Alerte</translation>
    </message>
    <message>
        <source>Nothing to validate.</source>
        <translation>Rien à valider.</translation>
    </message>
    <message>
        <source>Open the sheet</source>
        <translation>Ouvrir la fiche</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>Retard</translation>
    </message>
    <message>
        <source>No preventive task is overdue.</source>
        <translation>Aucune tâche préventive en retard.</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Équipe</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Aujourd’hui</translation>
    </message>
    <message>
        <source>Skills</source>
        <translation>Compétences</translation>
    </message>
</context>
</TS>
