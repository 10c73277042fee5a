<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>CloseCountDialog</name>
    <message>
        <source>Close the count {name}</source>
        <translation>Clôturer l&apos;inventaire {name}</translation>
    </message>
    <message numerus="yes">
        <source>%n adjustment(s) will be recorded in the stock ledger.</source>
        <translation>
            <numerusform>%n ajustement sera enregistré dans le registre de stock.</numerusform>
            <numerusform>%n ajustements seront enregistrés dans le registre de stock.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n count(s) confirm the stock.</source>
        <translation>
            <numerusform>%n comptage confirme le stock.</numerusform>
            <numerusform>%n comptages confirment le stock.</numerusform>
        </translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Emplacement</translation>
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
        <source>Expected</source>
        <translation>Attendu</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Compté</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Écart</translation>
    </message>
    <message>
        <source>Close and apply</source>
        <translation>Clôturer et appliquer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>CounterPage</name>
    <message>
        <source>Counter</source>
        <translation>Comptoir</translation>
    </message>
    <message>
        <source>Movements at this counter</source>
        <translation>Mouvements à ce comptoir</translation>
    </message>
    <message>
        <source>Undo last (F8)</source>
        <translation>Annuler le dernier (F8)</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Emplacement</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>En stock</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Réservé</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Stock disponible</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Movement</source>
        <translation>Mouvement</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Pièce</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <source>F1 Issue · F2 Receipt · F3 Return · F4 Transfer · F5 Count · F6 Ticket · F8 Undo last · Esc Cancel</source>
        <translation>F1 Sortie · F2 Entrée · F3 Retour · F4 Transfert · F5 Inventaire · F6 Ticket · F8 Annuler le dernier · Échap Abandonner</translation>
    </message>
    <message>
        <source>Cancelled. Scan a part.</source>
        <translation>Saisie abandonnée. Scannez une pièce.</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>Rien à annuler.</translation>
    </message>
    <message>
        <source>Undone: {reference}</source>
        <translation>Annulé : {reference}</translation>
    </message>
    <message>
        <source>Unknown code: {code}</source>
        <translation>Code inconnu : {code}</translation>
    </message>
    <message>
        <source>{code} is a location: scan a part first.</source>
        <translation>{code} est un emplacement : scannez d’abord une pièce.</translation>
    </message>
    <message>
        <source>This part no longer exists.</source>
        <translation>Cette pièce n’existe plus.</translation>
    </message>
    <message>
        <source>Part {reference}.</source>
        <translation>Pièce {reference}.</translation>
    </message>
    <message>
        <source>Scan the target location, not a part.</source>
        <translation>Scannez l’emplacement de destination, pas une pièce.</translation>
    </message>
    <message>
        <source>This location is not in your sites.</source>
        <translation>Cet emplacement n’est pas dans vos sites.</translation>
    </message>
    <message>
        <source>The target is the same location.</source>
        <translation>La destination est le même emplacement.</translation>
    </message>
    <message>
        <source>Location {code}.</source>
        <translation>Emplacement {code}.</translation>
    </message>
    <message>
        <source>Scan the location: there is no default one.</source>
        <translation>Scannez l’emplacement : il n’y en a pas par défaut.</translation>
    </message>
    <message>
        <source>No ticket linked.</source>
        <translation>Aucun ticket lié.</translation>
    </message>
    <message>
        <source>Type the quantity, then Enter.</source>
        <translation>Tapez la quantité, puis Entrée.</translation>
    </message>
    <message>
        <source>Scan a part.</source>
        <translation>Scannez une pièce.</translation>
    </message>
    <message>
        <source>Not a quantity: {text}</source>
        <translation>Quantité invalide : {text}</translation>
    </message>
    <message>
        <source>Scan the target location.</source>
        <translation>Scannez l’emplacement de destination.</translation>
    </message>
    <message>
        <source>Unknown ticket: {code}</source>
        <translation>Ticket inconnu : {code}</translation>
    </message>
    <message>
        <source>Issues now go to ticket {number}.</source>
        <translation>Les sorties sont désormais imputées au ticket {number}.</translation>
    </message>
    <message>
        <source>Recorded: {movement}</source>
        <translation>Enregistré : {movement}</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfert</translation>
    </message>
    <message>
        <source>F1 · Issue</source>
        <translation>F1 · Sortie de stock</translation>
    </message>
    <message>
        <source>F2 · Receipt</source>
        <translation>F2 · Entrée</translation>
    </message>
    <message>
        <source>F3 · Return</source>
        <translation>F3 · Retour</translation>
    </message>
    <message>
        <source>F4 · Transfer</source>
        <translation>F4 · Transfert</translation>
    </message>
    <message>
        <source>F5 · Count</source>
        <translation>F5 · Inventaire</translation>
    </message>
    <message>
        <source>Ticket {number}</source>
        <translation>Ticket {number}</translation>
    </message>
    <message>
        <source>Scan a part</source>
        <translation>Scannez une pièce</translation>
    </message>
    <message>
        <source>Scan the location (Enter: {code})</source>
        <translation>Scannez l’emplacement (Entrée : {code})</translation>
    </message>
    <message>
        <source>Scan the location</source>
        <translation>Scannez l’emplacement</translation>
    </message>
    <message>
        <source>Quantity counted ({unit}), then Enter</source>
        <translation>Quantité comptée ({unit}), puis Entrée</translation>
    </message>
    <message>
        <source>Quantity ({unit}), then Enter</source>
        <translation>Quantité ({unit}), puis Entrée</translation>
    </message>
    <message>
        <source>Scan the target location</source>
        <translation>Scannez l’emplacement de destination</translation>
    </message>
    <message>
        <source>Scan the ticket number (Enter alone: none)</source>
        <translation>Scannez le numéro de ticket (Entrée seule : aucun)</translation>
    </message>
    <message>
        <source>On hand {on_hand} {unit} · reserved {reserved} · available {available}</source>
        <translation>En stock {on_hand} {unit} · réservé {reserved} · disponible {available}</translation>
    </message>
    <message>
        <source>{movement} (undone)</source>
        <translation>{movement} (annulé)</translation>
    </message>
    <message>
        <source>No movement yet: scan a part to begin.</source>
        <translation>Aucun mouvement pour l’instant : scannez une pièce pour commencer.</translation>
    </message>
    <message>
        <source>Movement: {kind}</source>
        <translation>Mouvement : {kind}</translation>
    </message>
</context>
<context>
    <name>CountsPage</name>
    <message>
        <source>Stock counts</source>
        <translation>Inventaires</translation>
    </message>
    <message>
        <source>Count of {day}</source>
        <translation>Inventaire du {day}</translation>
    </message>
    <message>
        <source>Nothing is known by the code {code}.</source>
        <translation>Aucun élément ne correspond au code {code}.</translation>
    </message>
    <message>
        <source>This count is of {location} only.</source>
        <translation>Cet inventaire ne porte que sur {location}.</translation>
    </message>
    <message>
        <source>Scan the location first, then its parts.</source>
        <translation>Scannez d&apos;abord l&apos;emplacement, puis ses pièces.</translation>
    </message>
    <message>
        <source>Type the quantity counted (0 or more), then Enter.</source>
        <translation>Saisissez la quantité comptée (0 ou plus), puis Entrée.</translation>
    </message>
    <message>
        <source>{reference}: {quantity} counted.</source>
        <translation>{reference} : {quantity} compté(s).</translation>
    </message>
    <message>
        <source>Nothing was counted: abandon the count instead.</source>
        <translation>Rien n&apos;a été compté : abandonnez plutôt l&apos;inventaire.</translation>
    </message>
    <message>
        <source>Abandon the count</source>
        <translation>Abandonner l&apos;inventaire</translation>
    </message>
    <message>
        <source>Abandon {name}? No adjustment will be recorded.</source>
        <translation>Abandonner {name} ? Aucun ajustement ne sera enregistré.</translation>
    </message>
    <message numerus="yes">
        <source>The count is closed: %n adjustment(s) recorded.</source>
        <translation>
            <numerusform>L&apos;inventaire est clôturé : %n ajustement enregistré.</numerusform>
            <numerusform>L&apos;inventaire est clôturé : %n ajustements enregistrés.</numerusform>
        </translation>
    </message>
    <message>
        <source>The count is abandoned.</source>
        <translation>L&apos;inventaire est abandonné.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Appliqué</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Abandonné</translation>
    </message>
    <message>
        <source>No count open</source>
        <translation>Aucun inventaire ouvert</translation>
    </message>
    <message>
        <source>Start a count to record what is on the shelves.</source>
        <translation>Démarrez un inventaire pour enregistrer ce qui se trouve en rayon.</translation>
    </message>
    <message>
        <source>the whole site {site}</source>
        <translation>tout le site {site}</translation>
    </message>
    <message>
        <source>{status} · {where} · started {day} by {who}</source>
        <translation>{status} · {where} · commencé le {day} par {who}</translation>
    </message>
    <message>
        <source>Counting in {location}.</source>
        <translation>Comptage dans {location}.</translation>
    </message>
    <message>
        <source>Counting in {location}. Scan another location to move on.</source>
        <translation>Comptage dans {location}. Scannez un autre emplacement pour continuer.</translation>
    </message>
    <message>
        <source>Scan the location you are counting.</source>
        <translation>Scannez l&apos;emplacement que vous comptez.</translation>
    </message>
    <message>
        <source>&lt;b&gt;{reference}&lt;/b&gt; {description}: type the quantity counted, Enter.</source>
        <translation>&lt;b&gt;{reference}&lt;/b&gt; {description} : saisissez la quantité comptée, Entrée.</translation>
    </message>
    <message>
        <source>Scan a part.</source>
        <translation>Scannez une pièce.</translation>
    </message>
    <message>
        <source>Start a count…</source>
        <translation>Démarrer un inventaire…</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Inventaire</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <source>&amp;Scan</source>
        <translation>&amp;Scanner</translation>
    </message>
    <message>
        <source>Scan a part or a location, then Enter</source>
        <translation>Scannez une pièce ou un emplacement, puis Entrée</translation>
    </message>
    <message>
        <source>&amp;Counted</source>
        <translation>&amp;Compté</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Emplacement</translation>
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
        <source>Expected</source>
        <translation>Attendu</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>Compté</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>Écart</translation>
    </message>
    <message>
        <source>Counted by</source>
        <translation>Compté par</translation>
    </message>
    <message>
        <source>Close and apply…</source>
        <translation>Clôturer et appliquer…</translation>
    </message>
    <message>
        <source>Abandon…</source>
        <translation>Abandonner…</translation>
    </message>
</context>
<context>
    <name>LabelsDialog</name>
    <message>
        <source>There is nothing to print.</source>
        <translation>Il n’y a rien à imprimer.</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Étiquettes</translation>
    </message>
    <message>
        <source>Save the labels</source>
        <translation>Enregistrer les étiquettes</translation>
    </message>
    <message>
        <source>Print labels</source>
        <translation>Imprimer des étiquettes</translation>
    </message>
    <message>
        <source>Labels of the selected parts ({count})</source>
        <translation>Étiquettes des pièces sélectionnées ({count})</translation>
    </message>
    <message>
        <source>Labels of locations</source>
        <translation>Étiquettes d’emplacements</translation>
    </message>
    <message>
        <source>to</source>
        <translation>à</translation>
    </message>
    <message>
        <source>Locations from</source>
        <translation>Emplacements de</translation>
    </message>
    <message>
        <source>Label sheet</source>
        <translation>Planche d’étiquettes</translation>
    </message>
    <message>
        <source>Labels already used</source>
        <translation>Étiquettes déjà utilisées</translation>
    </message>
</context>
<context>
    <name>PartDetailPage</name>
    <message>
        <source>Parts per week</source>
        <translation>Pièces par semaine</translation>
    </message>
    <message>
        <source>No consumption recorded yet.</source>
        <translation>Aucune consommation enregistrée pour l’instant.</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Photos</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Pièce</translation>
    </message>
    <message>
        <source>← Parts catalogue</source>
        <translation>← Catalogue des pièces</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <source>Print label…</source>
        <translation>Imprimer l’étiquette…</translation>
    </message>
    <message>
        <source>Stock per location</source>
        <translation>Stock par emplacement</translation>
    </message>
    <message>
        <source>Movements</source>
        <translation>Mouvements</translation>
    </message>
    <message>
        <source>Compatible equipment</source>
        <translation>Équipements compatibles</translation>
    </message>
    <message>
        <source>Suppliers and prices</source>
        <translation>Fournisseurs et prix</translation>
    </message>
    <message>
        <source>Consumption forecast</source>
        <translation>Prévision de consommation</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Emplacement</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Magasin</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>En stock</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Réservé</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Stock disponible</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Movement</source>
        <translation>Mouvement</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
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
        <source>Supplier</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Prix unitaire</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>Validité</translation>
    </message>
    <message>
        <source>Lead time</source>
        <translation>Délai</translation>
    </message>
    <message>
        <source>Preferred</source>
        <translation>Préféré</translation>
    </message>
    <message>
        <source>This part no longer exists.</source>
        <translation>Cette pièce n’existe plus.</translation>
    </message>
    <message>
        <source>Category: {category}</source>
        <translation>Catégorie : {category}</translation>
    </message>
    <message>
        <source>Unit: {unit}</source>
        <translation>Unité : {unit}</translation>
    </message>
    <message>
        <source>Barcode: {barcode}</source>
        <translation>Code-barres : {barcode}</translation>
    </message>
    <message>
        <source>Unit cost: {cost}</source>
        <translation>Coût unitaire : {cost}</translation>
    </message>
    <message>
        <source>On hand {on_hand} · reserved {reserved} · available {available} · min {min} / max {max}</source>
        <translation>En stock {on_hand} · réservé {reserved} · disponible {available} · mini {min} / maxi {max}</translation>
    </message>
    <message>
        <source>below the minimum</source>
        <translation>sous le seuil mini</translation>
    </message>
    <message>
        <source>Never in stock.</source>
        <translation>Jamais en stock.</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Purchase order</source>
        <translation>Commande fournisseur</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transfert</translation>
    </message>
    <message>
        <source>Intervention</source>
        <translation>Intervention</translation>
    </message>
    <message>
        <source>No movement yet.</source>
        <translation>Aucun mouvement pour l’instant.</translation>
    </message>
    <message>
        <source>{name} (every equipment of this type)</source>
        <translation>{name} (tous les équipements de ce type)</translation>
    </message>
    <message>
        <source>No compatible equipment declared.</source>
        <translation>Aucun équipement compatible déclaré.</translation>
    </message>
    <message>
        <source>{days} d</source>
        <translation>{days} j</translation>
    </message>
    <message>
        <source>Their reference: {reference}</source>
        <translation>Référence fournisseur : {reference}</translation>
    </message>
    <message>
        <source>No supplier price.</source>
        <translation>Aucun prix fournisseur.</translation>
    </message>
    <message>
        <source>Photo not saved</source>
        <translation>Photo non enregistrée</translation>
    </message>
    <message>
        <source>from {day}</source>
        <translation>à partir du {day}</translation>
    </message>
    <message>
        <source>until {day}</source>
        <translation>jusqu’au {day}</translation>
    </message>
    <message>
        <source>always</source>
        <translation>toujours</translation>
    </message>
    <message>
        <source>{validity} (not valid today)</source>
        <translation>{validity} (non valide aujourd’hui)</translation>
    </message>
    <message>
        <source>Consumed</source>
        <translation>Consommé</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Prévision</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>Seuil mini</translation>
    </message>
    <message>
        <source>Reorder point</source>
        <translation>Point de commande</translation>
    </message>
    <message>
        <source>About {rate} per week. Lead time {lead} days: reorder at {point} (demand over the lead time {demand}, safety stock {safety}).</source>
        <translation>Environ {rate} par semaine. Délai {lead} jours : recommander à {point} (besoin pendant le délai {demand}, stock de sécurité {safety}).</translation>
    </message>
    <message>
        <source>The minimum level ({min}) is below this reorder point: consider raising it.</source>
        <translation>Le seuil mini ({min}) est sous ce point de commande : pensez à le relever.</translation>
    </message>
</context>
<context>
    <name>PartDialog</name>
    <message>
        <source>Required</source>
        <translation>Obligatoire</translation>
    </message>
    <message>
        <source>Enter a number</source>
        <translation>Saisissez un nombre</translation>
    </message>
    <message>
        <source>Cannot be negative</source>
        <translation>Ne peut pas être négatif</translation>
    </message>
    <message>
        <source>The maximum is below the minimum</source>
        <translation>Le maximum est inférieur au minimum</translation>
    </message>
    <message>
        <source>Another part already uses this code</source>
        <translation>Une autre pièce utilise déjà ce code</translation>
    </message>
    <message>
        <source>Invalid value</source>
        <translation>Valeur invalide</translation>
    </message>
    <message>
        <source>New part</source>
        <translation>Nouvelle pièce</translation>
    </message>
    <message>
        <source>Edit part</source>
        <translation>Modifier la pièce</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Désignation</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>Code-barres</translation>
    </message>
    <message>
        <source>Minimum level</source>
        <translation>Seuil mini</translation>
    </message>
    <message>
        <source>Maximum level</source>
        <translation>Seuil maxi</translation>
    </message>
    <message>
        <source>Unit cost</source>
        <translation>Coût unitaire</translation>
    </message>
    <message>
        <source>Compatible equipment</source>
        <translation>Équipements compatibles</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Leave empty to scan the reference</source>
        <translation>Laisser vide pour scanner la référence</translation>
    </message>
</context>
<context>
    <name>PartTableModel</name>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Désignation</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unité</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>En stock</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Réservé</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Disponible</translation>
    </message>
    <message>
        <source>Min / max</source>
        <translation>Mini / maxi</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Emplacement</translation>
    </message>
</context>
<context>
    <name>PartsPage</name>
    <message>
        <source>Reference, description or barcode…</source>
        <translation>Référence, désignation ou code-barres…</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>Equipment type</source>
        <translation>Type d’équipement</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>Pièces</translation>
    </message>
    <message>
        <source>Parts catalogue</source>
        <translation>Catalogue des pièces</translation>
    </message>
    <message>
        <source>New part</source>
        <translation>Nouvelle pièce</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Modifier</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <source>Print labels…</source>
        <translation>Imprimer des étiquettes…</translation>
    </message>
    <message>
        <source>Compatible with</source>
        <translation>Compatible avec</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tous</translation>
    </message>
    <message>
        <source>Below minimum only</source>
        <translation>Sous le seuil mini uniquement</translation>
    </message>
    <message>
        <source>No part</source>
        <translation>Aucune pièce</translation>
    </message>
    <message>
        <source>1 part</source>
        <translation>1 pièce</translation>
    </message>
    <message>
        <source>{count} parts</source>
        <translation>{count} pièces</translation>
    </message>
    <message>
        <source>No part matches these filters.</source>
        <translation>Aucune pièce ne correspond à ces filtres.</translation>
    </message>
</context>
<context>
    <name>PriceDialog</name>
    <message>
        <source>No part is known by {code}.</source>
        <translation>Aucune pièce ne correspond à {code}.</translation>
    </message>
    <message>
        <source>Scan or type the part&apos;s reference, then Enter.</source>
        <translation>Scannez ou saisissez la référence de la pièce, puis Entrée.</translation>
    </message>
    <message>
        <source>The price ends before it starts.</source>
        <translation>Le prix se termine avant de commencer.</translation>
    </message>
    <message>
        <source>New price — {supplier}</source>
        <translation>Nouveau prix — {supplier}</translation>
    </message>
    <message>
        <source>Price — {supplier}</source>
        <translation>Prix — {supplier}</translation>
    </message>
    <message>
        <source>Scan or type a part reference, then Enter</source>
        <translation>Scannez ou saisissez une référence de pièce, puis Entrée</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Pièce</translation>
    </message>
    <message>
        <source>Supplier reference</source>
        <translation>Référence fournisseur</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Prix unitaire</translation>
    </message>
    <message>
        <source>Validity</source>
        <translation>Validité</translation>
    </message>
    <message>
        <source>Lead time</source>
        <translation>Délai de livraison</translation>
    </message>
    <message>
        <source>Preferred</source>
        <translation>Préféré</translation>
    </message>
    <message>
        <source>from</source>
        <translation>du</translation>
    </message>
    <message>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <source>Order this part from this supplier first</source>
        <translation>Commander cette pièce d&apos;abord chez ce fournisseur</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>PurchaseFormats</name>
    <message>
        <source>{amount} €</source>
        <translation>{amount} €</translation>
    </message>
</context>
<context>
    <name>PurchaseOrderPdf</name>
    <message>
        <source>Purchase order</source>
        <translation>Bon de commande</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>Signatures</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>Numéro de commande</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créée le</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>Commandée le</translation>
    </message>
    <message>
        <source>Expected delivery</source>
        <translation>Livraison prévue</translation>
    </message>
    <message>
        <source>Deliver to</source>
        <translation>Livrer à</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>Acheteur</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <source>Supplier ref.</source>
        <translation>Réf. fournisseur</translation>
    </message>
    <message>
        <source>Designation</source>
        <translation>Désignation</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Qté</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Prix unitaire</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Reste</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Supplier&apos;s acknowledgement</source>
        <translation>Accusé de réception du fournisseur</translation>
    </message>
</context>
<context>
    <name>PurchaseOrderTableModel</name>
    <message>
        <source>Number</source>
        <translation>Numéro</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>Commandée</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Prévue</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>PurchaseStatus</name>
    <message>
        <source>Draft</source>
        <translation>Brouillon</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Envoyée</translation>
    </message>
    <message>
        <source>Partially received</source>
        <translation>Partiellement reçue</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Reçue</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Clôturée</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
</context>
<context>
    <name>PurchasingPage</name>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Site</translation>
    </message>
    <message>
        <source>Order number or supplier…</source>
        <translation>Numéro de commande ou fournisseur…</translation>
    </message>
    <message>
        <source>Purchasing</source>
        <translation>Achats</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s)</source>
        <translation>
            <numerusform>%n commande</numerusform>
            <numerusform>%n commandes</numerusform>
        </translation>
    </message>
    <message>
        <source>You have no site to order for.</source>
        <translation>Vous n&apos;avez aucun site pour lequel commander.</translation>
    </message>
    <message>
        <source>Replenishment — {site}</source>
        <translation>Réapprovisionnement — {site}</translation>
    </message>
    <message>
        <source>Replenishment: parts under their minimum.</source>
        <translation>Réapprovisionnement : pièces sous leur stock minimum.</translation>
    </message>
    <message numerus="yes">
        <source>%n draft order(s) created.</source>
        <translation>
            <numerusform>%n commande brouillon créée.</numerusform>
            <numerusform>%n commandes brouillons créées.</numerusform>
        </translation>
    </message>
    <message>
        <source>This order no longer exists.</source>
        <translation>Cette commande n&apos;existe plus.</translation>
    </message>
    <message>
        <source>Purchase order {number}</source>
        <translation>Bon de commande {number}</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créée le</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>Commandé</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Livraison prévue</translation>
    </message>
    <message>
        <source>Ordered on</source>
        <translation>Commandée le</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Total: {amount}</source>
        <translation>Total : {amount}</translation>
    </message>
    <message>
        <source>Cancel the order</source>
        <translation>Annuler la commande</translation>
    </message>
    <message>
        <source>Why is order {number} cancelled?</source>
        <translation>Pourquoi la commande {number} est-elle annulée ?</translation>
    </message>
    <message>
        <source>Order {number} is sent.</source>
        <translation>La commande {number} est envoyée.</translation>
    </message>
    <message>
        <source>Order {number} is closed.</source>
        <translation>La commande {number} est clôturée.</translation>
    </message>
    <message>
        <source>Order {number} is cancelled.</source>
        <translation>La commande {number} est annulée.</translation>
    </message>
    <message>
        <source>Type a quantity above zero or a price of zero or more.</source>
        <translation>Saisissez une quantité supérieure à zéro ou un prix nul ou positif.</translation>
    </message>
    <message>
        <source>The line is changed.</source>
        <translation>La ligne est modifiée.</translation>
    </message>
    <message>
        <source>No part has the barcode or reference {code}.</source>
        <translation>Aucune pièce n&apos;a le code-barres ou la référence {code}.</translation>
    </message>
    <message>
        <source>{part} is added to the order.</source>
        <translation>{part} est ajoutée à la commande.</translation>
    </message>
    <message>
        <source>Select the line to remove.</source>
        <translation>Sélectionnez la ligne à retirer.</translation>
    </message>
    <message>
        <source>An order keeps at least one line: cancel it instead.</source>
        <translation>Une commande garde au moins une ligne : annulez-la plutôt.</translation>
    </message>
    <message>
        <source>The line is removed.</source>
        <translation>La ligne est retirée.</translation>
    </message>
    <message>
        <source>The order&apos;s site has no store location to receive in.</source>
        <translation>Le site de la commande n&apos;a aucun emplacement de magasin où réceptionner.</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) received into stock.</source>
        <translation>
            <numerusform>%n ligne réceptionnée en stock.</numerusform>
            <numerusform>%n lignes réceptionnées en stock.</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the purchase order</source>
        <translation>Enregistrer le bon de commande</translation>
    </message>
    <message>
        <source>Replenishment…</source>
        <translation>Réapprovisionnement…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ouvrir</translation>
    </message>
    <message>
        <source>← All orders</source>
        <translation>← Toutes les commandes</translation>
    </message>
    <message>
        <source>Send to the supplier</source>
        <translation>Envoyer au fournisseur</translation>
    </message>
    <message>
        <source>Receive…</source>
        <translation>Réceptionner…</translation>
    </message>
    <message>
        <source>Close the order</source>
        <translation>Clôturer la commande</translation>
    </message>
    <message>
        <source>Print PDF…</source>
        <translation>Imprimer en PDF…</translation>
    </message>
    <message>
        <source>Add a part: scan or type its barcode or reference, then Enter</source>
        <translation>Ajouter une pièce : scannez ou tapez son code-barres ou sa référence, puis Entrée</translation>
    </message>
    <message>
        <source>Remove the line</source>
        <translation>Retirer la ligne</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <source>Supplier ref.</source>
        <translation>Réf. fournisseur</translation>
    </message>
    <message>
        <source>Designation</source>
        <translation>Désignation</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Reste à recevoir</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Prix unitaire</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
</context>
<context>
    <name>ReceiveDialog</name>
    <message>
        <source>Nothing is known by the code {code}.</source>
        <translation>Aucun élément ne correspond au code {code}.</translation>
    </message>
    <message>
        <source>This location is not in the order&apos;s site.</source>
        <translation>Cet emplacement n&apos;est pas sur le site de la commande.</translation>
    </message>
    <message>
        <source>This part is not awaited on this order.</source>
        <translation>Cette pièce n&apos;est pas attendue sur cette commande.</translation>
    </message>
    <message>
        <source>Type the quantities received.</source>
        <translation>Saisissez les quantités reçues.</translation>
    </message>
    <message>
        <source>Choose where the parts received are stored.</source>
        <translation>Choisissez où les pièces reçues sont rangées.</translation>
    </message>
    <message>
        <source>Receive order {number}</source>
        <translation>Réception de la commande {number}</translation>
    </message>
    <message>
        <source>&amp;Scan</source>
        <translation>&amp;Scanner</translation>
    </message>
    <message>
        <source>Scan a part or a location, then Enter</source>
        <translation>Scannez une pièce ou un emplacement, puis Entrée</translation>
    </message>
    <message>
        <source>Store &amp;location</source>
        <translation>&amp;Emplacement de stockage</translation>
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
        <source>Ordered</source>
        <translation>Commandé</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Déjà reçu</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Reste à recevoir</translation>
    </message>
    <message>
        <source>Receive now</source>
        <translation>Reçu maintenant</translation>
    </message>
    <message>
        <source>Store location</source>
        <translation>Emplacement de stockage</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>Réceptionner</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>ReplenishmentDialog</name>
    <message>
        <source>No supplier price</source>
        <translation>Aucun prix fournisseur</translation>
    </message>
    <message>
        <source>Add a price on the Suppliers page to order these parts.</source>
        <translation>Ajoutez un prix dans la page Fournisseurs pour commander ces pièces.</translation>
    </message>
    <message numerus="yes">
        <source>%n part(s)</source>
        <translation>
            <numerusform>%n pièce</numerusform>
            <numerusform>%n pièces</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Create %n draft order(s)</source>
        <translation>
            <numerusform>Créer %n commande brouillon</numerusform>
            <numerusform>Créer %n commandes brouillons</numerusform>
        </translation>
    </message>
    <message>
        <source>Replenishment</source>
        <translation>Réapprovisionnement</translation>
    </message>
    <message>
        <source>Parts whose available stock plus what is on order is under their minimum, with the quantity that brings them to their maximum. One draft order per preferred supplier: check the orders to create, adjust the quantities.</source>
        <translation>Pièces dont le stock disponible plus les quantités en commande est sous le minimum, avec la quantité qui les ramène à leur maximum. Une commande brouillon par fournisseur préféré : cochez les commandes à créer, ajustez les quantités.</translation>
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
        <source>Available + on order</source>
        <translation>Disponible + en commande</translation>
    </message>
    <message>
        <source>Min / max</source>
        <translation>Min / max</translation>
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
        <source>Unit price</source>
        <translation>Prix unitaire</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <source>No part is under its minimum: nothing to order.</source>
        <translation>Aucune pièce n&apos;est sous son minimum : rien à commander.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>StartCountDialog</name>
    <message>
        <source>The whole site (scan each location)</source>
        <translation>Tout le site (scanner chaque emplacement)</translation>
    </message>
    <message>
        <source>Start a count</source>
        <translation>Démarrer un inventaire</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <source>&amp;Site</source>
        <translation>&amp;Site</translation>
    </message>
    <message>
        <source>&amp;Location</source>
        <translation>&amp;Emplacement</translation>
    </message>
    <message>
        <source>N&amp;otes</source>
        <translation>N&amp;otes</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
<context>
    <name>StockHomePage</name>
    <message>
        <source>To reorder</source>
        <translation>À commander</translation>
    </message>
    <message>
        <source>Pending receipts</source>
        <translation>Réceptions attendues</translation>
    </message>
    <message>
        <source>Issued today</source>
        <translation>Sorties du jour</translation>
    </message>
    <message>
        <source>Negative stock</source>
        <translation>Stock négatif</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Magasin</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Comptoir</translation>
    </message>
    <message>
        <source>Parts catalogue</source>
        <translation>Catalogue des pièces</translation>
    </message>
    <message>
        <source>Purchase orders</source>
        <translation>Commandes fournisseurs</translation>
    </message>
    <message>
        <source>Replenishment alerts</source>
        <translation>Alertes de réapprovisionnement</translation>
    </message>
    <message>
        <source>Today&apos;s issues</source>
        <translation>Sorties de stock du jour</translation>
    </message>
    <message>
        <source>Negative stock to review</source>
        <translation>Stocks négatifs à vérifier</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Désignation</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Disponible</translation>
    </message>
    <message>
        <source>Min / max</source>
        <translation>Mini / maxi</translation>
    </message>
    <message>
        <source>On order</source>
        <translation>En commande</translation>
    </message>
    <message>
        <source>Suggested</source>
        <translation>Suggéré</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Attendue le</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Emplacement</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Par</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>En stock</translation>
    </message>
    <message>
        <source>Last movement</source>
        <translation>Dernier mouvement</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Envoyée</translation>
    </message>
    <message>
        <source>Partially received</source>
        <translation>Partiellement reçue</translation>
    </message>
    <message>
        <source>parts under their minimum</source>
        <translation>pièces sous leur seuil mini</translation>
    </message>
    <message>
        <source>{late} late</source>
        <translation>{late} en retard</translation>
    </message>
    <message>
        <source>{quantity} parts out</source>
        <translation>{quantity} pièces sorties</translation>
    </message>
    <message>
        <source>to review</source>
        <translation>à vérifier</translation>
    </message>
    <message>
        <source>No part is under its minimum.</source>
        <translation>Aucune pièce sous son seuil mini.</translation>
    </message>
    <message>
        <source>No order is awaited.</source>
        <translation>Aucune commande attendue.</translation>
    </message>
    <message>
        <source>Nothing issued today.</source>
        <translation>Aucune sortie aujourd’hui.</translation>
    </message>
    <message>
        <source>No stock below zero.</source>
        <translation>Aucun stock négatif.</translation>
    </message>
</context>
<context>
    <name>StockTexts</name>
    <message>
        <source>Receipt</source>
        <translation>Entrée</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>Sortie de stock</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Retour</translation>
    </message>
    <message>
        <source>Transfer out</source>
        <translation>Transfert (départ)</translation>
    </message>
    <message>
        <source>Transfer in</source>
        <translation>Transfert (arrivée)</translation>
    </message>
    <message>
        <source>Count adjustment</source>
        <translation>Ajustement d’inventaire</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>Correction</translation>
    </message>
    <message>
        <source>Reservation</source>
        <translation>Réservation</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Libération</translation>
    </message>
</context>
<context>
    <name>SuppliersPage</name>
    <message>
        <source>Suppliers</source>
        <translation>Fournisseurs</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n jour</numerusform>
            <numerusform>%n jours</numerusform>
        </translation>
    </message>
    <message>
        <source>The preferred supplier of this part</source>
        <translation>Le fournisseur préféré de cette pièce</translation>
    </message>
    <message>
        <source>Not valid today</source>
        <translation>Non valable aujourd&apos;hui</translation>
    </message>
    <message>
        <source>always</source>
        <translation>toujours</translation>
    </message>
    <message>
        <source>from {day}</source>
        <translation>à partir du {day}</translation>
    </message>
    <message>
        <source>until {day}</source>
        <translation>jusqu&apos;au {day}</translation>
    </message>
    <message>
        <source>New supplier</source>
        <translation>Nouveau fournisseur</translation>
    </message>
    <message>
        <source>Prices (save the supplier first)</source>
        <translation>Prix (enregistrez d&apos;abord le fournisseur)</translation>
    </message>
    <message numerus="yes">
        <source>Prices: %n part(s)</source>
        <translation>
            <numerusform>Prix : %n pièce</numerusform>
            <numerusform>Prix : %n pièces</numerusform>
        </translation>
    </message>
    <message>
        <source>Not preferred</source>
        <translation>Ne plus préférer</translation>
    </message>
    <message>
        <source>Set as preferred</source>
        <translation>Définir comme préféré</translation>
    </message>
    <message>
        <source>Give the supplier a name.</source>
        <translation>Donnez un nom au fournisseur.</translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation>Rien à enregistrer.</translation>
    </message>
    <message>
        <source>{name} is saved.</source>
        <translation>{name} est enregistré.</translation>
    </message>
    <message>
        <source>Remove the price</source>
        <translation>Supprimer le prix</translation>
    </message>
    <message>
        <source>Remove {supplier}&apos;s price for {part}?</source>
        <translation>Supprimer le prix de {supplier} pour {part} ?</translation>
    </message>
    <message>
        <source>Name, contact or e-mail…</source>
        <translation>Nom, contact ou e-mail…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>Pièces</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <source>&amp;Contact</source>
        <translation>&amp;Contact</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation>&amp;E-mail</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>&amp;Téléphone</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>&amp;Adresse</translation>
    </message>
    <message>
        <source>N&amp;otes</source>
        <translation>N&amp;otes</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
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
        <source>Supplier ref.</source>
        <translation>Réf. fournisseur</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>Prix unitaire</translation>
    </message>
    <message>
        <source>Validity</source>
        <translation>Validité</translation>
    </message>
    <message>
        <source>Lead time</source>
        <translation>Délai de livraison</translation>
    </message>
    <message>
        <source>Add a price…</source>
        <translation>Ajouter un prix…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
</context>
</TS>
