<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>Documents</name>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Documents PDF (*.pdf)</translation>
    </message>
    <message>
        <source>The PDF could not be written: {reason}</source>
        <translation>Le PDF n’a pas pu être écrit : {reason}</translation>
    </message>
</context>
<context>
    <name>EquipmentTableModel</name>
    <message>
        <source>Code</source>
        <translation>Code</translation>
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
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Criticality</source>
        <translation>Criticité</translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation>Fabricant</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Emplacement</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>All</source>
        <translation>Tous</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Période</translation>
    </message>
    <message>
        <source>Any date</source>
        <translation>Toutes dates</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Aujourd’hui</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Cette semaine</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Ce mois-ci</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>30 derniers jours</translation>
    </message>
    <message>
        <source>Custom range…</source>
        <translation>Période personnalisée…</translation>
    </message>
    <message>
        <source>From (included)</source>
        <translation>Du (inclus)</translation>
    </message>
    <message>
        <source>To (included)</source>
        <translation>Au (inclus)</translation>
    </message>
    <message>
        <source>Search…</source>
        <translation>Rechercher…</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Effacer les filtres</translation>
    </message>
</context>
<context>
    <name>ImageViewerDialog</name>
    <message>
        <source>This image cannot be shown.</source>
        <translation>Cette image ne peut pas être affichée.</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ Précédente</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Suivante ▶</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <source>This file is not on this computer yet: it will be downloaded at the next synchronisation.</source>
        <translation>Ce fichier n’est pas encore sur cet ordinateur : il sera téléchargé à la prochaine synchronisation.</translation>
    </message>
    <message>
        <source>No program on this computer opens this file.</source>
        <translation>Aucun programme de cet ordinateur n’ouvre ce fichier.</translation>
    </message>
    <message>
        <source>“{name}” is not a photo or a video.</source>
        <translation>« {name} » n’est ni une photo ni une vidéo.</translation>
    </message>
    <message>
        <source>“{name}” is not a photo.</source>
        <translation>« {name} » n’est pas une photo.</translation>
    </message>
    <message>
        <source>“{name}” cannot be read.</source>
        <translation>« {name} » ne peut pas être lu.</translation>
    </message>
    <message>
        <source>“{name}” is too big (at most {size}).</source>
        <translation>« {name} » est trop volumineux ({size} au maximum).</translation>
    </message>
    <message>
        <source>Photos and videos ({patterns})</source>
        <translation>Photos et vidéos ({patterns})</translation>
    </message>
    <message>
        <source>Photos ({patterns})</source>
        <translation>Photos ({patterns})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Add photos or videos</source>
        <translation>Ajouter des photos ou des vidéos</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>Ajouter des photos</translation>
    </message>
    <message>
        <source>Remove the photo</source>
        <translation>Retirer la photo</translation>
    </message>
    <message>
        <source>Remove “{name}”?</source>
        <translation>Retirer « {name} » ?</translation>
    </message>
    <message>
        <source>Not on this computer yet</source>
        <translation>Pas encore sur cet ordinateur</translation>
    </message>
    <message>
        <source>Add photo/video…</source>
        <translation>Ajouter une photo/vidéo…</translation>
    </message>
    <message>
        <source>Add photo…</source>
        <translation>Ajouter une photo…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>No photo yet.</source>
        <translation>Aucune photo pour l’instant.</translation>
    </message>
</context>
<context>
    <name>ReportTexts</name>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>Page {page} sur {pages}</translation>
    </message>
    <message>
        <source>No. {number}</source>
        <translation>N° {number}</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>Date :</translation>
    </message>
    <message>
        <source>Signature:</source>
        <translation>Signature :</translation>
    </message>
    <message>
        <source>Image not available</source>
        <translation>Image indisponible</translation>
    </message>
</context>
<context>
    <name>ScanInput</name>
    <message>
        <source>Scan a barcode or type a code, then Enter</source>
        <translation>Scannez un code-barres ou tapez un code, puis Entrée</translation>
    </message>
</context>
<context>
    <name>TimeChart</name>
    <message>
        <source>No data to show.</source>
        <translation>Aucune donnée à afficher.</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <source>device {device}</source>
        <translation>poste {device}</translation>
    </message>
    <message>
        <source>{field}: {value}</source>
        <translation>{field} : {value}</translation>
    </message>
    <message>
        <source>{field}: {old} → {new}</source>
        <translation>{field} : {old} → {new}</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Hors ligne</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <source>Recorded on this computer without the server: not synchronised yet.</source>
        <translation>Enregistré sur cet ordinateur sans le serveur : pas encore synchronisé.</translation>
    </message>
    <message>
        <source>Recorded by the server.</source>
        <translation>Enregistré par le serveur.</translation>
    </message>
    <message>
        <source>Nothing recorded yet.</source>
        <translation>Rien d’enregistré pour l’instant.</translation>
    </message>
</context>
<context>
    <name>TimelineTexts</name>
    <message>
        <source>Assigned</source>
        <translation>Affectée</translation>
    </message>
    <message>
        <source>Work started</source>
        <translation>Travaux commencés</translation>
    </message>
    <message>
        <source>Signed off by the technician</source>
        <translation>Signée par le technicien</translation>
    </message>
    <message>
        <source>Validated (closed)</source>
        <translation>Validée (clôturée)</translation>
    </message>
    <message>
        <source>Sent back to the technician</source>
        <translation>Renvoyée au technicien</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Status changed</source>
        <translation>Statut modifié</translation>
    </message>
    <message>
        <source>Failure reported</source>
        <translation>Panne signalée</translation>
    </message>
    <message>
        <source>Equipment back in service</source>
        <translation>Équipement remis en service</translation>
    </message>
    <message>
        <source>Intervention sheet saved</source>
        <translation>Fiche d&apos;intervention enregistrée</translation>
    </message>
    <message>
        <source>Part taken from the store</source>
        <translation>Pièce sortie du magasin</translation>
    </message>
    <message>
        <source>Part put back in the store</source>
        <translation>Pièce remise en stock</translation>
    </message>
    <message>
        <source>Photo or file added</source>
        <translation>Photo ou fichier ajouté</translation>
    </message>
    <message>
        <source>Photo or file removed</source>
        <translation>Photo ou fichier retiré</translation>
    </message>
    <message>
        <source>Equipment created</source>
        <translation>Équipement créé</translation>
    </message>
    <message>
        <source>Equipment edited</source>
        <translation>Équipement modifié</translation>
    </message>
    <message>
        <source>Equipment state changed</source>
        <translation>État de l&apos;équipement modifié</translation>
    </message>
    <message>
        <source>Equipment deleted</source>
        <translation>Équipement supprimé</translation>
    </message>
    <message>
        <source>Conflict decided</source>
        <translation>Conflit tranché</translation>
    </message>
    <message>
        <source>Preventive visit started</source>
        <translation>Visite préventive commencée</translation>
    </message>
    <message>
        <source>Preventive visit completed</source>
        <translation>Visite préventive terminée</translation>
    </message>
    <message>
        <source>Preventive visit validated</source>
        <translation>Visite préventive validée</translation>
    </message>
    <message>
        <source>Preventive visit sent back</source>
        <translation>Visite préventive renvoyée</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Equipment state</source>
        <translation>État de l&apos;équipement</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Affectée à</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>Urgence</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Equipment stopped</source>
        <translation>Équipement à l&apos;arrêt</translation>
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
        <source>Work start</source>
        <translation>Début des travaux</translation>
    </message>
    <message>
        <source>Work end</source>
        <translation>Fin des travaux</translation>
    </message>
    <message>
        <source>Time spent</source>
        <translation>Temps passé</translation>
    </message>
    <message>
        <source>External services</source>
        <translation>Prestations externes</translation>
    </message>
    <message>
        <source>Photos before</source>
        <translation>Photos avant</translation>
    </message>
    <message>
        <source>Photos after</source>
        <translation>Photos après</translation>
    </message>
    <message>
        <source>Rejection comment</source>
        <translation>Motif du refus</translation>
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
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>someone else</source>
        <translation>une autre personne</translation>
    </message>
    <message>
        <source>{people} technician(s), {minutes} min</source>
        <translation>{people} technicien(s), {minutes} min</translation>
    </message>
    <message>
        <source>{count} photo(s)</source>
        <translation>{count} photo(s)</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>Signalée</translation>
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
        <source>Active</source>
        <translation>En service</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>En panne</translation>
    </message>
    <message>
        <source>Under maintenance</source>
        <translation>En maintenance</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Hors service</translation>
    </message>
</context>
</TS>
