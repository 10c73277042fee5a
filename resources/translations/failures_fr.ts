<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AssignDialog</name>
    <message>
        <source>Assign the ticket</source>
        <translation>Affecter la demande</translation>
    </message>
    <message>
        <source>&amp;Technician:</source>
        <translation>&amp;Technicien :</translation>
    </message>
    <message>
        <source>Nobody may work on this site&apos;s tickets yet.</source>
        <translation>Personne ne peut encore intervenir sur les demandes de ce site.</translation>
    </message>
    <message>
        <source>Choose a technician.</source>
        <translation>Choisissez un technicien.</translation>
    </message>
</context>
<context>
    <name>EscalationBanner</name>
    <message>
        <source>{number} · {urgency} failure assigned but not started for {waited} → {role}</source>
        <translation>{number} · panne {urgency}, affectée mais non démarrée depuis {waited} → {role}</translation>
    </message>
    <message>
        <source>{number} · {urgency} failure not assigned for {waited} → {role}</source>
        <translation>{number} · panne {urgency}, non affectée depuis {waited} → {role}</translation>
    </message>
    <message>
        <source>1 late ticket escalated</source>
        <translation>1 demande en retard escaladée</translation>
    </message>
    <message>
        <source>{count} late tickets escalated</source>
        <translation>{count} demandes en retard escaladées</translation>
    </message>
    <message>
        <source>Open the ticket</source>
        <translation>Ouvrir la demande</translation>
    </message>
    <message>
        <source>… and {count} more</source>
        <translation>… et {count} autre(s)</translation>
    </message>
</context>
<context>
    <name>FailureDialogs</name>
    <message>
        <source>This person has no access to the ticket&apos;s site.</source>
        <translation>Cette personne n&apos;a pas accès au site de la demande.</translation>
    </message>
    <message>
        <source>This person cannot take the ticket.</source>
        <translation>Cette personne ne peut pas prendre la demande.</translation>
    </message>
</context>
<context>
    <name>FailureLabels</name>
    <message>
        <source>Low</source>
        <translation>Faible</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normale</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Haute</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Critique</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Déclarée</translation>
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
        <source>To validate</source>
        <translation>À valider</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Clôturée</translation>
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
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>{hours} h {minutes:02d}</source>
        <translation>{hours} h {minutes:02d}</translation>
    </message>
    <message>
        <source>{days} d {hours} h</source>
        <translation>{days} j {hours} h</translation>
    </message>
    <message>
        <source>{day:%Y-%m-%d} {day:%H:%M}</source>
        <translation>{day:%d/%m/%Y} {day:%H:%M}</translation>
    </message>
</context>
<context>
    <name>FailureListPage</name>
    <message>
        <source>Ticket number, description…</source>
        <translation>N° de demande, description…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Not closed</source>
        <translation>Non clôturées</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>Urgence</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Technicien</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Déclarée</translation>
    </message>
    <message>
        <source>Equipment code…</source>
        <translation>Code équipement…</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>Pannes</translation>
    </message>
    <message>
        <source>No equipment of your sites has the code “{code}”.</source>
        <translation>Aucun équipement de vos sites n&apos;a le code « {code} ».</translation>
    </message>
    <message>
        <source>The intervention sheet is not available in this version.</source>
        <translation>La fiche d&apos;intervention n&apos;est pas disponible dans cette version.</translation>
    </message>
    <message>
        <source>No ticket</source>
        <translation>Aucune demande</translation>
    </message>
    <message>
        <source>1 ticket</source>
        <translation>1 demande</translation>
    </message>
    <message>
        <source>{count}+ tickets</source>
        <translation>Plus de {count} demandes</translation>
    </message>
    <message>
        <source>{count} tickets</source>
        <translation>{count} demandes</translation>
    </message>
    <message>
        <source>No ticket matches these filters.</source>
        <translation>Aucune demande ne correspond à ces filtres.</translation>
    </message>
    <message>
        <source>Report a failure</source>
        <translation>Déclarer une panne</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>Affecter…</translation>
    </message>
    <message>
        <source>Validate and close…</source>
        <translation>Valider et clôturer…</translation>
    </message>
    <message>
        <source>Cancel the ticket…</source>
        <translation>Annuler la demande…</translation>
    </message>
    <message>
        <source>&amp;Equipment:</source>
        <translation>É&amp;quipement :</translation>
    </message>
    <message>
        <source>Scan or type an equipment code, then Enter: only its tickets are listed.</source>
        <translation>Scannez ou saisissez un code équipement puis Entrée : seules ses demandes sont listées.</translation>
    </message>
</context>
<context>
    <name>FailureTableModel</name>
    <message>
        <source>Ticket</source>
        <translation>N° demande</translation>
    </message>
    <message>
        <source>Equipment</source>
        <translation>Équipement</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>Urgence</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Déclarée le</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Affectée à</translation>
    </message>
    <message>
        <source>Downtime</source>
        <translation>Arrêt</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Stopped since {time}: the downtime is still running.</source>
        <translation>À l&apos;arrêt depuis le {time} : le temps d&apos;arrêt court toujours.</translation>
    </message>
</context>
<context>
    <name>LabourTable</name>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <source>Total: {time}</source>
        <translation>Total : {time}</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Technicien</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Temps</translation>
    </message>
    <message>
        <source>Cost (saved)</source>
        <translation>Coût (enregistré)</translation>
    </message>
    <message>
        <source>Add a technician</source>
        <translation>Ajouter un technicien</translation>
    </message>
    <message>
        <source>Remove the line</source>
        <translation>Retirer la ligne</translation>
    </message>
</context>
<context>
    <name>PartsPanel</name>
    <message>
        <source>No part matches “{code}”.</source>
        <translation>Aucune pièce ne correspond à « {code} ».</translation>
    </message>
    <message>
        <source>{reference} × {quantity} taken from {location}: {left} left.</source>
        <translation>{reference} × {quantity} sortie(s) de {location} : il en reste {left}.</translation>
    </message>
    <message>
        <source>put back</source>
        <translation>remise en stock</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>retournée</translation>
    </message>
    <message>
        <source>{code} — {store} · {quantity} in stock</source>
        <translation>{code} — {store} · {quantity} en stock</translation>
    </message>
    <message>
        <source>Scan or search a part first.</source>
        <translation>Scannez ou recherchez d&apos;abord une pièce.</translation>
    </message>
    <message>
        <source>Scan a part&apos;s barcode, or type its reference or words, then Enter</source>
        <translation>Scannez le code-barres d&apos;une pièce, ou tapez sa référence ou des mots, puis Entrée</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <source>Designation</source>
        <translation>Désignation</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Magasin</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <source>Unit cost</source>
        <translation>Coût unitaire</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <source>Take from the store</source>
        <translation>Sortir du magasin</translation>
    </message>
    <message>
        <source>Put back in the store</source>
        <translation>Remettre en stock</translation>
    </message>
    <message>
        <source>No part taken for this repair.</source>
        <translation>Aucune pièce sortie pour cette réparation.</translation>
    </message>
</context>
<context>
    <name>RepairSheetPage</name>
    <message>
        <source>Before the repair</source>
        <translation>Avant la réparation</translation>
    </message>
    <message>
        <source>After the repair</source>
        <translation>Après la réparation</translation>
    </message>
    <message>
        <source>Intervention sheet</source>
        <translation>Fiche d&apos;intervention</translation>
    </message>
    <message>
        <source>This ticket does not exist or was deleted.</source>
        <translation>Cette demande n&apos;existe pas ou a été supprimée.</translation>
    </message>
    <message>
        <source>No ticket chosen</source>
        <translation>Aucune demande choisie</translation>
    </message>
    <message>
        <source>Ticket {number}</source>
        <translation>Demande {number}</translation>
    </message>
    <message>
        <source>{when} by {who}</source>
        <translation>{when} par {who}</translation>
    </message>
    <message>
        <source>Not assigned</source>
        <translation>Non affectée</translation>
    </message>
    <message>
        <source>Escalated to {role} · {late} late</source>
        <translation>Escaladée au {role} · {late} de retard</translation>
    </message>
    <message>
        <source>Not stopped</source>
        <translation>Pas d&apos;arrêt</translation>
    </message>
    <message>
        <source>{time} — still down</source>
        <translation>{time} — toujours à l&apos;arrêt</translation>
    </message>
    <message>
        <source>Sent back by the supervisor: rework the sheet, then sign it off again.</source>
        <translation>Refusée par le superviseur : reprenez la fiche, puis signez-la à nouveau.</translation>
    </message>
    <message>
        <source>Sent back by the supervisor, being reworked:</source>
        <translation>Refusée par le superviseur, en reprise :</translation>
    </message>
    <message>
        <source>{count} change(s) of this ticket were made on two computers at once ({fields}): someone must decide which value to keep.</source>
        <translation>{count} modification(s) de cette demande ont été faites sur deux postes en même temps ({fields}) : quelqu&apos;un doit décider quelle valeur garder.</translation>
    </message>
    <message>
        <source>The equipment was not stopped by this failure.</source>
        <translation>Cette panne n&apos;a pas arrêté l&apos;équipement.</translation>
    </message>
    <message>
        <source>No stop recorded.</source>
        <translation>Aucun arrêt enregistré.</translation>
    </message>
    <message>
        <source>still down</source>
        <translation>toujours à l&apos;arrêt</translation>
    </message>
    <message>
        <source>Stopped from {start} to {end}: {time}.</source>
        <translation>À l&apos;arrêt du {start} au {end} : {time}.</translation>
    </message>
    <message>
        <source>{time} of work by technicians without an hourly rate are not costed.</source>
        <translation>{time} de travail de techniciens sans taux horaire ne sont pas chiffrées.</translation>
    </message>
    <message>
        <source>Labour rate × time + parts + external services, as saved.</source>
        <translation>Taux horaire × temps + pièces + prestations externes, tels qu&apos;enregistrés.</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>Start the work</source>
        <translation>Commencer les travaux</translation>
    </message>
    <message>
        <source>Reassign</source>
        <translation>Réaffecter</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Affecter</translation>
    </message>
    <message>
        <source>Waiting to be assigned to a technician.</source>
        <translation>En attente d&apos;affectation à un technicien.</translation>
    </message>
    <message>
        <source>Assigned: the technician starts the work to open the sheet.</source>
        <translation>Affectée : le technicien commence les travaux pour ouvrir la fiche.</translation>
    </message>
    <message>
        <source>In progress: fill the sheet, save it, then sign it off.</source>
        <translation>En cours : remplissez la fiche, enregistrez-la, puis signez-la.</translation>
    </message>
    <message>
        <source>Sent back: start again to rework the sheet.</source>
        <translation>Refusée : reprenez les travaux pour corriger la fiche.</translation>
    </message>
    <message>
        <source>This ticket was cancelled.</source>
        <translation>Cette demande a été annulée.</translation>
    </message>
    <message>
        <source>Signed off by {who} on {when}.</source>
        <translation>Signée par {who} le {when}.</translation>
    </message>
    <message>
        <source>Signed off.</source>
        <translation>Signée.</translation>
    </message>
    <message>
        <source>Check the sheet, then validate it or send it back with a comment.</source>
        <translation>Vérifiez la fiche, puis validez-la ou refusez-la avec un commentaire.</translation>
    </message>
    <message>
        <source>Waiting for a supervisor&apos;s validation.</source>
        <translation>En attente de la validation d&apos;un superviseur.</translation>
    </message>
    <message>
        <source>Validated by {who} on {when}: the ticket is closed.</source>
        <translation>Validée par {who} le {when} : la demande est clôturée.</translation>
    </message>
    <message>
        <source>Validated: the ticket is closed.</source>
        <translation>Validée : la demande est clôturée.</translation>
    </message>
    <message>
        <source>Timeline ({count})</source>
        <translation>Traçabilité ({count})</translation>
    </message>
    <message>
        <source>The sheet opens when the assigned technician starts the work.</source>
        <translation>La fiche s&apos;ouvre quand le technicien affecté commence les travaux.</translation>
    </message>
    <message>
        <source>Read only: this sheet cannot be changed by you now.</source>
        <translation>Lecture seule : vous ne pouvez pas modifier cette fiche maintenant.</translation>
    </message>
    <message>
        <source>Unsaved changes.</source>
        <translation>Modifications non enregistrées.</translation>
    </message>
    <message>
        <source>All changes saved.</source>
        <translation>Tout est enregistré.</translation>
    </message>
    <message>
        <source>The end of the work is before its start.</source>
        <translation>La fin des travaux est avant leur début.</translation>
    </message>
    <message>
        <source>The equipment cannot run again before it stopped.</source>
        <translation>L&apos;équipement ne peut pas redémarrer avant de s&apos;être arrêté.</translation>
    </message>
    <message>
        <source>A technician is on two lines of the time spent: merge them.</source>
        <translation>Un technicien figure sur deux lignes du temps passé : regroupez-les.</translation>
    </message>
    <message>
        <source>Only the assigned technician or a supervisor may fill this sheet.</source>
        <translation>Seul le technicien affecté ou un superviseur peut remplir cette fiche.</translation>
    </message>
    <message>
        <source>Sheet saved.</source>
        <translation>Fiche enregistrée.</translation>
    </message>
    <message>
        <source>Work started: fill the sheet.</source>
        <translation>Travaux commencés : remplissez la fiche.</translation>
    </message>
    <message>
        <source>Assigned to {who}.</source>
        <translation>Affectée à {who}.</translation>
    </message>
    <message>
        <source>Signed off: the sheet now waits for validation.</source>
        <translation>Fiche signée : elle attend maintenant la validation.</translation>
    </message>
    <message>
        <source>Sent back to the technician.</source>
        <translation>Renvoyée au technicien.</translation>
    </message>
    <message>
        <source>Say what must be done again: a comment is required to send it back.</source>
        <translation>Indiquez ce qui doit être repris : un commentaire est obligatoire pour refuser.</translation>
    </message>
    <message>
        <source>Cancel the ticket</source>
        <translation>Annuler la demande</translation>
    </message>
    <message>
        <source>Cancel ticket {number}? It will be closed without a repair.</source>
        <translation>Annuler la demande {number} ? Elle sera clôturée sans réparation.</translation>
    </message>
    <message>
        <source>Ticket cancelled.</source>
        <translation>Demande annulée.</translation>
    </message>
    <message>
        <source>The equipment is back in service: downtime ended.</source>
        <translation>L&apos;équipement est remis en service : l&apos;arrêt est terminé.</translation>
    </message>
    <message>
        <source>Downtime corrected.</source>
        <translation>Arrêt corrigé.</translation>
    </message>
    <message>
        <source>Part put back in the store.</source>
        <translation>Pièce remise en stock.</translation>
    </message>
    <message>
        <source>The PDF shows the sheet as saved: save your changes first.</source>
        <translation>Le PDF montre la fiche telle qu&apos;enregistrée : enregistrez d&apos;abord vos modifications.</translation>
    </message>
    <message>
        <source>Save the intervention sheet</source>
        <translation>Enregistrer la fiche d&apos;intervention</translation>
    </message>
    <message>
        <source>← Failure list</source>
        <translation>← Liste des pannes</translation>
    </message>
    <message>
        <source>Print PDF…</source>
        <translation>Imprimer en PDF…</translation>
    </message>
    <message>
        <source>Equipment</source>
        <translation>Équipement</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Failure type</source>
        <translation>Type de panne</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Déclarée</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Affectée à</translation>
    </message>
    <message>
        <source>Downtime</source>
        <translation>Arrêt</translation>
    </message>
    <message>
        <source>Open the sync issues</source>
        <translation>Ouvrir les problèmes de synchronisation</translation>
    </message>
    <message>
        <source>Intervention</source>
        <translation>Intervention</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>Diagnostic</translation>
    </message>
    <message>
        <source>Root cause</source>
        <translation>Cause racine</translation>
    </message>
    <message>
        <source>Actions taken</source>
        <translation>Actions réalisées</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>Travaux</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>What was found: symptoms, measurements…</source>
        <translation>Ce qui a été constaté : symptômes, mesures…</translation>
    </message>
    <message>
        <source>What was done to repair it…</source>
        <translation>Ce qui a été fait pour réparer…</translation>
    </message>
    <message>
        <source>Choose a known cause or type a new one</source>
        <translation>Choisissez une cause connue ou saisissez-en une nouvelle</translation>
    </message>
    <message>
        <source>Equipment downtime</source>
        <translation>Arrêt de l&apos;équipement</translation>
    </message>
    <message>
        <source>Back in service at</source>
        <translation>Remis en service le</translation>
    </message>
    <message>
        <source>End the downtime</source>
        <translation>Terminer l&apos;arrêt</translation>
    </message>
    <message>
        <source>Stopped at</source>
        <translation>Arrêté le</translation>
    </message>
    <message>
        <source>ran again at</source>
        <translation>redémarré le</translation>
    </message>
    <message>
        <source>Correct the downtime</source>
        <translation>Corriger l&apos;arrêt</translation>
    </message>
    <message>
        <source>Time spent</source>
        <translation>Temps passé</translation>
    </message>
    <message>
        <source>Parts replaced</source>
        <translation>Pièces remplacées</translation>
    </message>
    <message>
        <source>Costs</source>
        <translation>Coûts</translation>
    </message>
    <message>
        <source>External services</source>
        <translation>Prestations externes</translation>
    </message>
    <message>
        <source>Labour</source>
        <translation>Main-d&apos;œuvre</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>Pièces</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>Sign-off and validation</source>
        <translation>Signature et validation</translation>
    </message>
    <message>
        <source>Save the sheet</source>
        <translation>Enregistrer la fiche</translation>
    </message>
    <message>
        <source>Equipment back in service?</source>
        <translation>Équipement remis en service ?</translation>
    </message>
    <message>
        <source>Sign off</source>
        <translation>Signer la fiche</translation>
    </message>
    <message>
        <source>Comment (required to send it back)</source>
        <translation>Commentaire (obligatoire pour refuser)</translation>
    </message>
    <message>
        <source>Put the equipment back in service</source>
        <translation>Remettre l&apos;équipement en service</translation>
    </message>
    <message>
        <source>Validate</source>
        <translation>Valider</translation>
    </message>
    <message>
        <source>Send back</source>
        <translation>Refuser</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>Fiche</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Traçabilité</translation>
    </message>
</context>
<context>
    <name>RepairSheetPdf</name>
    <message>
        <source>{amount} €</source>
        <translation>{amount} €</translation>
    </message>
    <message>
        <source>Intervention sheet</source>
        <translation>Fiche d&apos;intervention</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Demande d&apos;intervention</translation>
    </message>
    <message>
        <source>Description of the failure</source>
        <translation>Description de la panne</translation>
    </message>
    <message>
        <source>Sent back by the supervisor</source>
        <translation>Refusée par le superviseur</translation>
    </message>
    <message>
        <source>Intervention</source>
        <translation>Intervention</translation>
    </message>
    <message>
        <source>Time spent</source>
        <translation>Temps passé</translation>
    </message>
    <message>
        <source>Parts replaced</source>
        <translation>Pièces remplacées</translation>
    </message>
    <message>
        <source>Costs</source>
        <translation>Coûts</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>Signatures</translation>
    </message>
    <message>
        <source>Equipment</source>
        <translation>Équipement</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Failure type</source>
        <translation>Type de panne</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>Urgence</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Déclarée</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Affectée à</translation>
    </message>
    <message>
        <source>Downtime start</source>
        <translation>Début d&apos;arrêt</translation>
    </message>
    <message>
        <source>Downtime end</source>
        <translation>Fin d&apos;arrêt</translation>
    </message>
    <message>
        <source>Downtime</source>
        <translation>Arrêt</translation>
    </message>
    <message>
        <source>still down</source>
        <translation>toujours à l&apos;arrêt</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>Diagnostic</translation>
    </message>
    <message>
        <source>Root cause</source>
        <translation>Cause racine</translation>
    </message>
    <message>
        <source>Actions taken</source>
        <translation>Actions réalisées</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Technicien</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Temps</translation>
    </message>
    <message>
        <source>Hourly rate</source>
        <translation>Taux horaire</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <source>Designation</source>
        <translation>Désignation</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Magasin</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Qté</translation>
    </message>
    <message>
        <source>Unit cost</source>
        <translation>Coût unitaire</translation>
    </message>
    <message>
        <source>returned</source>
        <translation>retournée</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Labour</source>
        <translation>Main-d&apos;œuvre</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>Pièces</translation>
    </message>
    <message>
        <source>External services</source>
        <translation>Prestations externes</translation>
    </message>
    <message>
        <source>Total cost</source>
        <translation>Coût total</translation>
    </message>
    <message>
        <source>{minutes} without a known hourly rate are not costed.</source>
        <translation>{minutes} sans taux horaire connu ne sont pas chiffrées.</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Avant</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Après</translation>
    </message>
    <message>
        <source>Technician&apos;s signature</source>
        <translation>Signature du technicien</translation>
    </message>
    <message>
        <source>Supervisor&apos;s approval</source>
        <translation>Visa du superviseur</translation>
    </message>
</context>
<context>
    <name>ReportFailurePage</name>
    <message>
        <source>4. Photos and videos (optional)</source>
        <translation>4. Photos et vidéos (facultatif)</translation>
    </message>
    <message>
        <source>Report a failure</source>
        <translation>Déclarer une panne</translation>
    </message>
    <message>
        <source>Choose the equipment: scan its label or search for it.</source>
        <translation>Choisissez l&apos;équipement : scannez son étiquette ou recherchez-le.</translation>
    </message>
    <message>
        <source>Describe the failure.</source>
        <translation>Décrivez la panne.</translation>
    </message>
    <message>
        <source>Not specified</source>
        <translation>Non précisé</translation>
    </message>
    <message>
        <source>No equipment of your sites has the code or name “{text}”.</source>
        <translation>Aucun équipement de vos sites n&apos;a le code ou le nom « {text} ».</translation>
    </message>
    <message>
        <source>Several equipments match: choose one (arrows, then Enter).</source>
        <translation>Plusieurs équipements correspondent : choisissez-en un (flèches, puis Entrée).</translation>
    </message>
    <message>
        <source>✔ &lt;b&gt;{code}&lt;/b&gt; — {name} &lt;span style=&apos;color:#5b6573&apos;&gt;({state})&lt;/span&gt;</source>
        <translation>✔ &lt;b&gt;{code}&lt;/b&gt; — {name} &lt;span style=&apos;color:#5b6573&apos;&gt;({state})&lt;/span&gt;</translation>
    </message>
    <message>
        <source>This equipment is out of service: it cannot be declared stopped.</source>
        <translation>Cet équipement est hors service : il ne peut pas être déclaré à l&apos;arrêt.</translation>
    </message>
    <message>
        <source>Tick it if the machine no longer runs: it is set to “Down” and its downtime is counted from now until it runs again.</source>
        <translation>Cochez si la machine ne tourne plus : elle passe « En panne » et son temps d&apos;arrêt est compté à partir de maintenant jusqu&apos;à sa remise en service.</translation>
    </message>
    <message>
        <source>Failure reported</source>
        <translation>Panne déclarée</translation>
    </message>
    <message>
        <source>The ticket is saved on this computer and is sent to the server at the next synchronisation; the supervisors then see it.</source>
        <translation>La demande est enregistrée sur ce poste et envoyée au serveur à la prochaine synchronisation ; les responsables la voient alors.</translation>
    </message>
    <message>
        <source>{count} photo(s) could not be attached.</source>
        <translation>{count} photo(s) n&apos;ont pas pu être jointes.</translation>
    </message>
    <message>
        <source>An equipment out of service cannot be declared stopped.</source>
        <translation>Un équipement hors service ne peut pas être déclaré à l&apos;arrêt.</translation>
    </message>
    <message>
        <source>This equipment no longer exists or is not in your sites.</source>
        <translation>Cet équipement n&apos;existe plus ou n&apos;est pas dans vos sites.</translation>
    </message>
    <message>
        <source>Scan the equipment&apos;s label, or type its code or name</source>
        <translation>Scannez l&apos;étiquette de l&apos;équipement, ou saisissez son code ou son nom</translation>
    </message>
    <message>
        <source>Scan or search the equipment, describe what happens, choose the urgency, send. It works without network.</source>
        <translation>Scannez ou recherchez l&apos;équipement, décrivez le problème, choisissez l&apos;urgence, envoyez. Fonctionne sans réseau.</translation>
    </message>
    <message>
        <source>1. Equipment</source>
        <translation>1. Équipement</translation>
    </message>
    <message>
        <source>2. What happens?</source>
        <translation>2. Que se passe-t-il ?</translation>
    </message>
    <message>
        <source>E.g. abnormal noise on the main bearing, oil leak under the cylinder…</source>
        <translation>Ex. : bruit anormal sur le palier principal, fuite d&apos;huile sous le vérin…</translation>
    </message>
    <message>
        <source>Failure &amp;type:</source>
        <translation>&amp;Type de panne :</translation>
    </message>
    <message>
        <source>3. Urgency</source>
        <translation>3. Urgence</translation>
    </message>
    <message>
        <source>The equipment is &amp;stopped</source>
        <translation>Équipement à l&apos;&amp;arrêt</translation>
    </message>
    <message>
        <source>Ctrl+Enter sends. Saved on this computer first, sent when the network is back.</source>
        <translation>Ctrl+Entrée envoie. Enregistré d&apos;abord sur ce poste, envoyé dès le retour du réseau.</translation>
    </message>
    <message>
        <source>Send the report</source>
        <translation>Envoyer la déclaration</translation>
    </message>
    <message>
        <source>Open the ticket</source>
        <translation>Ouvrir la demande</translation>
    </message>
    <message>
        <source>Report another failure</source>
        <translation>Déclarer une autre panne</translation>
    </message>
</context>
<context>
    <name>TechnicianHomePage</name>
    <message>
        <source>To do today</source>
        <translation>À faire aujourd&apos;hui</translation>
    </message>
    <message>
        <source>Later this week</source>
        <translation>Plus tard cette semaine</translation>
    </message>
    <message>
        <source>New assignments</source>
        <translation>Nouvelles affectations</translation>
    </message>
    <message>
        <source>Machines stopped</source>
        <translation>Machines à l&apos;arrêt</translation>
    </message>
    <message>
        <source>My work</source>
        <translation>Mon travail</translation>
    </message>
    <message>
        <source>This page is not available to you.</source>
        <translation>Cette page ne vous est pas accessible.</translation>
    </message>
    <message>
        <source>Preventive</source>
        <translation>Préventif</translation>
    </message>
    <message>
        <source>planned {when}</source>
        <translation>prévu le {when}</translation>
    </message>
    <message>
        <source>stopped for {duration}</source>
        <translation>à l&apos;arrêt depuis {duration}</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Aujourd&apos;hui</translation>
    </message>
    <message>
        <source>My equipment</source>
        <translation>Mes équipements</translation>
    </message>
    <message>
        <source>My recent interventions</source>
        <translation>Mes interventions récentes</translation>
    </message>
    <message>
        <source>No new assignment.</source>
        <translation>Aucune nouvelle affectation.</translation>
    </message>
    <message>
        <source>Nothing planned today.</source>
        <translation>Rien de prévu aujourd&apos;hui.</translation>
    </message>
    <message>
        <source>Nothing else planned this week.</source>
        <translation>Rien d&apos;autre de prévu cette semaine.</translation>
    </message>
    <message>
        <source>No equipment in your work yet.</source>
        <translation>Aucun équipement dans votre travail pour l&apos;instant.</translation>
    </message>
    <message>
        <source>No intervention yet.</source>
        <translation>Aucune intervention pour l&apos;instant.</translation>
    </message>
    <message>
        <source>Hello {name}</source>
        <translation>Bonjour {name}</translation>
    </message>
    <message>
        <source>Report a failure</source>
        <translation>Déclarer une panne</translation>
    </message>
</context>
<context>
    <name>TransitionDialog</name>
    <message>
        <source>Validate and close the ticket</source>
        <translation>Valider et clôturer la demande</translation>
    </message>
    <message>
        <source>Validate the intervention and close {ticket}?</source>
        <translation>Valider l&apos;intervention et clôturer {ticket} ?</translation>
    </message>
    <message>
        <source>The equipment runs again (ends the downtime now)</source>
        <translation>L&apos;équipement est remis en service (fin de l&apos;arrêt maintenant)</translation>
    </message>
    <message>
        <source>Cancel the ticket</source>
        <translation>Annuler la demande</translation>
    </message>
    <message>
        <source>Cancel {ticket}? It stays in the history as cancelled.</source>
        <translation>Annuler {ticket} ? Elle reste dans l&apos;historique comme annulée.</translation>
    </message>
    <message>
        <source>&amp;Comment (optional):</source>
        <translation>&amp;Commentaire (facultatif) :</translation>
    </message>
</context>
<context>
    <name>UrgencyPicker</name>
    <message>
        <source>Urgency {level} of 4 (keys 1 to 4 or arrows)</source>
        <translation>Urgence {level} sur 4 (touches 1 à 4 ou flèches)</translation>
    </message>
</context>
</TS>
